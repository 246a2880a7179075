import { ApiError } from './api-error';
import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { getMetadataStorage, IS_OPTIONAL } from 'class-validator';

function flatten(errors: ValidationError[], parent = ''): string[] {
  return errors.flatMap((error) => {
    const path = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) =>
      message.startsWith(error.property) ? `${parent ? `${parent}.` : ''}${message}` : `${path}: ${message}`,
    );
    return [...own, ...flatten(error.children ?? [], path)];
  });
}

/**
 * A body field declared `@IsOptional()` and given as `null` counts as not given, as DTR reads it
 * (Go decodes null into an optional field's nil pointer): `@IsOptional()` skips its validators for
 * null, so the null would reach a service and a NOT NULL column. Fields validated otherwise (Quay's
 * JSON schema, where null is not a string) see their null.
 */
class RequestValidationPipe extends ValidationPipe {
  private readonly optional = new Map<unknown, Set<string>>();

  override transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const { type, metatype } = metadata;
    if (type !== 'body' || !metatype || value === null || typeof value !== 'object' || Array.isArray(value))
      return super.transform(value, metadata);
    const optional = this.optionalFields(metatype);
    const given = Object.fromEntries(
      Object.entries(value).filter(([field, fieldValue]) => fieldValue !== null || !optional.has(field)),
    );
    return super.transform(given, metadata);
  }

  private optionalFields(dto: NonNullable<ArgumentMetadata['metatype']>): Set<string> {
    let fields = this.optional.get(dto);
    if (!fields) {
      const rules = getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false);
      fields = new Set(rules.filter((rule) => rule.name === IS_OPTIONAL).map((rule) => rule.propertyName));
      this.optional.set(dto, fields);
    }
    return fields;
  }
}

/** class-validator DTO validation whose 400 names every bad field (`detail.fields`). */
export function createValidationPipe(): ValidationPipe {
  return new RequestValidationPipe({
    transform: true,
    whitelist: true,
    exceptionFactory: (errors) => {
      const messages = flatten(errors);
      return new ApiError(400, 'INVALID_PARAMETERS', messages.join('; '), {
        fields: [...new Set(errors.map((error) => error.property))],
      });
    },
  });
}
