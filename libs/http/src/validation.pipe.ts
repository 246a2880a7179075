import { ApiError } from './api-error';
import { ValidationError, ValidationPipe } from '@nestjs/common';

function flatten(errors: ValidationError[], parent = ''): string[] {
  return errors.flatMap((error) => {
    const path = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) =>
      message.startsWith(error.property) ? `${parent ? `${parent}.` : ''}${message}` : `${path}: ${message}`,
    );
    return [...own, ...flatten(error.children ?? [], path)];
  });
}

/** class-validator DTO validation whose 400 names every bad field (`detail.fields`). */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
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
