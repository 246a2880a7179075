import { ValidateBy, ValidationOptions } from 'class-validator';
import { X509Certificate } from 'node:crypto';

/** Empty (no custom CA) or a PEM certificate node:crypto can parse. */
export function isPemCertificateOrEmpty(value: unknown): boolean {
  if (value === '') return true;
  if (typeof value !== 'string' || !value.includes('-----BEGIN CERTIFICATE-----')) return false;
  try {
    new X509Certificate(value);
    return true;
  } catch {
    return false;
  }
}

export function IsPemCertificate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isPemCertificate',
      validator: {
        validate: isPemCertificateOrEmpty,
        defaultMessage: (args) => `${args?.property ?? 'value'} must be a PEM-encoded X.509 certificate`,
      },
    },
    options,
  );
}
