import { isISO8601, ValidateBy } from 'class-validator';

/** A date and time with its time zone (`Z` or `±hh:mm`): one without it means a different instant per server. */
const ZONED = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** An ISO-8601 date-time with a time zone, naming `field` in its message, e.g. 2026-01-01T00:00:00Z. */
export const IsZonedTimestamp = (field: string) =>
  ValidateBy({
    name: 'isZonedTimestamp',
    validator: {
      validate: (value: unknown) =>
        typeof value === 'string' && ZONED.test(value) && isISO8601(value, { strict: true }),
      defaultMessage: () =>
        `${field} must be an ISO-8601 date-time with a time zone, e.g. 2026-01-01T00:00:00Z`,
    },
  });
