import type { Subscription } from './types';

/** How the APIs show a stored static header's value; sent back, it keeps the stored one. */
export const MASKED_HEADER_VALUE = '***';

export interface HeaderRow {
  name: string;
  value: string;
  /** Stored already (its value is not shown): left empty, it keeps the stored value. */
  stored: boolean;
}

/**
 * The options beyond the endpoint (issue 19's filters, payload format, static headers, ordered
 * delivery and rate limit), as a form edits them.
 */
export interface DeliveryOptions {
  tagPattern: string;
  repositoryPattern: string;
  cloudEvents: boolean;
  headers: HeaderRow[];
  ordered: boolean;
  /** Deliveries per second as typed; '' for no limit. */
  rateLimit: string;
}

export const NO_OPTIONS: DeliveryOptions = {
  tagPattern: '',
  repositoryPattern: '',
  cloudEvents: false,
  headers: [],
  ordered: false,
  rateLimit: '',
};

/** The APIs the console creates and changes webhooks through (Quay's notifications cannot be changed). */
export type EditableApi = 'dtr' | 'alauda';

/** Each option's name in the API's requests, and so in its errors; null where the API has no such option. */
export const OPTION_FIELDS: Record<EditableApi, Record<keyof DeliveryOptions, string | null>> = {
  dtr: {
    tagPattern: 'tagPattern',
    repositoryPattern: 'repositoryPattern',
    cloudEvents: 'payloadFormat',
    headers: 'headers',
    ordered: 'ordered',
    rateLimit: 'rateLimit',
  },
  alauda: {
    tagPattern: 'tag_pattern',
    repositoryPattern: null,
    cloudEvents: 'payload_format',
    headers: 'headers',
    ordered: 'ordered',
    rateLimit: 'rate_limit',
  },
};

export function optionsOf(webhook: Subscription): DeliveryOptions {
  return {
    tagPattern: webhook.tagPattern ?? '',
    repositoryPattern: webhook.repositoryPattern ?? '',
    cloudEvents: webhook.payloadFormat === 'cloudevents',
    headers: Object.keys(webhook.headers ?? {}).map((name) => ({ name, value: '', stored: true })),
    ordered: webhook.ordered ?? false,
    rateLimit: webhook.rateLimit ? String(webhook.rateLimit) : '',
  };
}

/**
 * A typed rate limit as the APIs take it: a whole number, 0 (removing it) when empty; anything
 * else is sent as typed, for the API to say what is wrong with it beside the field.
 */
function rateLimitValue(typed: string): unknown {
  const text = typed.trim();
  if (text === '') return 0;
  return /^\d+$/.test(text) ? Number(text) : text;
}

/**
 * The options as `api` takes them in a request body. A new webhook gets only those set; a change
 * sends every option, "" (and `{}` headers) removing one, as the APIs define.
 */
export function optionsRequest(
  api: EditableApi,
  options: DeliveryOptions,
  change: boolean,
): Record<string, unknown> {
  const fields = OPTION_FIELDS[api];
  const headerRows = options.headers.filter((row) => row.name.trim());
  const values: Array<[string | null, unknown, boolean]> = [
    [fields.tagPattern, options.tagPattern.trim(), options.tagPattern.trim() !== ''],
    [fields.repositoryPattern, options.repositoryPattern.trim(), options.repositoryPattern.trim() !== ''],
    [fields.cloudEvents, options.cloudEvents ? 'cloudevents' : '', options.cloudEvents],
    [
      fields.headers,
      Object.fromEntries(
        headerRows.map((row) => [
          row.name.trim(),
          row.stored && row.value === '' ? MASKED_HEADER_VALUE : row.value,
        ]),
      ),
      headerRows.length > 0,
    ],
    [fields.ordered, options.ordered, options.ordered],
    [fields.rateLimit, rateLimitValue(options.rateLimit), options.rateLimit.trim() !== ''],
  ];
  return Object.fromEntries(
    values
      .filter(([field, , set]) => field !== null && (change || set))
      .map(([field, value]) => [field as string, value]),
  );
}
