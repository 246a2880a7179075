import { IsISO8601, Matches, ValidateBy } from 'class-validator';

/** Every registry Hookyard serves addresses manifests by sha256 (OCI: lowercase hex only). */
export const DIGEST_PATTERN = /^sha256:[0-9a-f]{64}$/;

/** `namespace/repo` or deeper (`acme/team/api`), the form splitRepositoryName accepts. */
export const REPOSITORY_PATH_PATTERN = /^[^\s/]+(\/[^\s/]+)+$/;

export function IsDigest(): PropertyDecorator {
  return Matches(DIGEST_PATTERN, {
    message: '$property must be a digest: sha256: followed by 64 lowercase hex characters',
  });
}

export function IsRepositoryPath(): PropertyDecorator {
  return Matches(REPOSITORY_PATH_PATTERN, {
    message: '$property must be a repository name <namespace>/<repository>',
  });
}

/**
 * Not `strict`: that check rejects Go's zero time `0001-01-01T00:00:00Z`, which DTR-style
 * producers send for "never" (a replica that has not updated yet).
 */
export function IsTimestamp(): PropertyDecorator {
  return IsISO8601({}, { message: '$property must be an ISO-8601 timestamp' });
}

function isInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value);
}

/**
 * One rule, so a wrong value gets one message: "must be an integer number" for anything that
 * is not one, the range otherwise.
 */
export function IsIntegerInRange(min: number, max?: number): PropertyDecorator {
  const range = max === undefined ? `an integer of at least ${min}` : `an integer from ${min} to ${max}`;
  return ValidateBy({
    name: 'isIntegerInRange',
    constraints: [min, max],
    validator: {
      validate: (value: unknown) => isInteger(value) && value >= min && (max === undefined || value <= max),
      defaultMessage: (args) =>
        isInteger(args?.value) ? `$property must be ${range}` : '$property must be an integer number',
    },
  });
}

/** Names and identifiers: a blank one would leave the event unroutable or unreadable. */
export function IsNonEmptyString(): PropertyDecorator {
  return ValidateBy({
    name: 'isNonEmptyString',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && value.trim().length > 0,
      defaultMessage: () => '$property must be a non-empty string',
    },
  });
}
