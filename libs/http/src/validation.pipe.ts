import { ApiError } from './api-error';
import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';

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
 * A body field given as `null` counts as not given, as in the APIs' originals (DTR decodes into Go
 * structs, Quay reads fields with Python's `.get()`). `@IsOptional()` would let the null through
 * to a service, which would try to store it in a NOT NULL column; a required field still gets its
 * validator's 400.
 */
class RequestValidationPipe extends ValidationPipe {
  override transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const given =
      metadata.type === 'body' && value !== null && typeof value === 'object' && !Array.isArray(value)
        ? Object.fromEntries(Object.entries(value).filter(([, field]) => field !== null))
        : value;
    return super.transform(given, metadata);
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
