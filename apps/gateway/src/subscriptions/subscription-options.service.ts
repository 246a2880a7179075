import { HOOKYARD_CONFIG, HookyardConfig } from '@hookyard/config';
import {
  HeaderCipher,
  HeaderCipherError,
  MASKED_HEADER_VALUE,
  maskedHeaders,
  StaticHeadersError,
  validateStaticHeaders,
} from '@hookyard/delivery';
import {
  ALTERNATIVE_PAYLOAD_FORMATS,
  compileNamePattern,
  EventType,
  NamePatternError,
  namesRepositories,
  RATE_LIMIT_MAX,
  RATE_LIMIT_MIN,
  SubscriptionOptions,
  TAGGED_EVENT_TYPES,
} from '@hookyard/events';
import { ApiError } from '@hookyard/http';
import { Inject, Injectable } from '@nestjs/common';

/**
 * Options as a request gives them, whatever the API calls them: undefined (or null, as DTR reads
 * it) leaves an option as it is, "" removes it (a payload format of the API's own name too, and
 * `{}` headers). Typed unknown: APIs whose options sit in free-form objects (Quay's config) pass
 * them on unchecked.
 */
export interface OptionsRequest {
  tagPattern?: unknown;
  repositoryPattern?: unknown;
  payloadFormat?: unknown;
  headers?: unknown;
  ordered?: unknown;
  rateLimit?: unknown;
}

/** What each option is called in the calling API (errors name it so), and its own payload format. */
export interface OptionsVocabulary {
  fields: Record<keyof OptionsRequest, string>;
  ownPayloadFormat: string;
}

/** What the options apply to: the subscription's event types and key. */
export interface OptionsTarget {
  eventTypes: readonly EventType[];
  namespace: string | null;
  repository: string | null;
}

/** Options as every API shows them: only those set, headers with their values masked. */
export interface PresentedOptions {
  tagPattern?: string;
  repositoryPattern?: string;
  payloadFormat?: string;
  headers?: Record<string, string>;
  ordered?: true;
  rateLimit?: number;
}

/**
 * The subscription options every API offers (filters, payload format, static headers, ordering,
 * rate limit): checked
 * against what the subscription is of, static headers sealed, and shown back without their values.
 * One place for their rules, whichever API's names a request uses.
 */
@Injectable()
export class SubscriptionOptionsService {
  private readonly cipher: HeaderCipher;

  constructor(@Inject(HOOKYARD_CONFIG) config: HookyardConfig) {
    this.cipher = new HeaderCipher(config.secrets.encryptionKey);
  }

  /**
   * The options after `request` changes `current`, checked as a whole against `target`; throws a
   * 400 naming the field (in the API's vocabulary) that is wrong.
   */
  resolve(
    request: OptionsRequest,
    vocabulary: OptionsVocabulary,
    target: OptionsTarget,
    current: SubscriptionOptions = {},
  ): SubscriptionOptions {
    const { fields } = vocabulary;
    const options: SubscriptionOptions = { ...current };
    for (const name of ['tagPattern', 'repositoryPattern'] as const) {
      const value = givenText(request[name], fields[name]);
      if (value === undefined) continue;
      if (value.trim() === '') delete options[name];
      else options[name] = value.trim();
    }
    const payloadFormat = givenText(request.payloadFormat, fields.payloadFormat);
    if (payloadFormat !== undefined) {
      const format = this.payloadFormat(payloadFormat, vocabulary);
      if (format) options.payloadFormat = format;
      else delete options.payloadFormat;
    }
    if (request.headers !== undefined && request.headers !== null) {
      const headers = this.headers(request.headers, fields.headers, current);
      if (headers) options.headers = headers;
      else delete options.headers;
    }
    const ordered = givenBoolean(request.ordered, fields.ordered);
    if (ordered === true) options.ordered = true;
    else if (ordered === false) delete options.ordered;
    const rateLimit = givenRateLimit(request.rateLimit, fields.rateLimit);
    if (rateLimit === 0) delete options.rateLimit;
    else if (rateLimit !== undefined) options.rateLimit = rateLimit;
    if (options.tagPattern !== undefined) this.checkTagPattern(options.tagPattern, fields.tagPattern, target);
    if (options.repositoryPattern !== undefined) {
      this.checkRepositoryPattern(options.repositoryPattern, fields.repositoryPattern, target);
    }
    return options;
  }

  /** Headers for a test delivery, checked as a subscription's would be and never stored. */
  testHeaders(headers: unknown, field: string): Record<string, string> | undefined {
    if (headers === undefined || headers === null) return undefined;
    return this.validHeaders(headers, field);
  }

  /** The payload format a test delivery asks for, as resolve reads it. */
  testPayloadFormat(format: unknown, vocabulary: OptionsVocabulary) {
    const text = givenText(format, vocabulary.fields.payloadFormat);
    return text === undefined ? undefined : this.payloadFormat(text, vocabulary);
  }

  private payloadFormat(format: string, vocabulary: OptionsVocabulary) {
    if (format === '' || format === vocabulary.ownPayloadFormat) return undefined;
    const accepted = ALTERNATIVE_PAYLOAD_FORMATS.find((alternative) => alternative === format);
    if (!accepted) {
      throw invalid(
        vocabulary.fields.payloadFormat,
        `must be ${[vocabulary.ownPayloadFormat, ...ALTERNATIVE_PAYLOAD_FORMATS].join(' or ')}`,
      );
    }
    return accepted;
  }

  /**
   * Sealed headers replacing the current ones; a value of `***` (as listings show it) keeps that
   * header's stored value, so a listing sent back unchanged changes nothing.
   */
  private headers(input: unknown, field: string, current: SubscriptionOptions) {
    if (typeof input === 'object' && input !== null && Object.keys(input).length === 0) return undefined;
    const headers = this.validHeaders(input, field);
    const kept = Object.keys(headers).filter((name) => headers[name] === MASKED_HEADER_VALUE);
    if (kept.length > 0) {
      const stored = current.headers ? this.open(current.headers, field) : {};
      for (const name of kept) {
        if (!Object.hasOwn(stored, name)) {
          throw invalid(field, `${name} is ${MASKED_HEADER_VALUE} but has no stored value to keep`);
        }
        headers[name] = stored[name];
      }
    }
    if (!this.cipher.canSeal) {
      throw invalid(
        field,
        'cannot be stored: this install has no SECRETS_ENCRYPTION_KEY to encrypt them with (ask its operator)',
      );
    }
    return this.cipher.seal(headers);
  }

  private validHeaders(input: unknown, field: string): Record<string, string> {
    try {
      return validateStaticHeaders(input);
    } catch (error) {
      if (error instanceof StaticHeadersError) throw invalid(field, error.message);
      throw error;
    }
  }

  private open(sealed: NonNullable<SubscriptionOptions['headers']>, field: string) {
    try {
      return this.cipher.open(sealed);
    } catch (error) {
      if (error instanceof HeaderCipherError)
        throw invalid(field, `stored values cannot be kept: ${error.message}`);
      throw error;
    }
  }

  private checkTagPattern(pattern: string, field: string, target: OptionsTarget): void {
    compile(pattern, 'tag', field);
    if (!target.eventTypes.some((type) => TAGGED_EVENT_TYPES.has(type))) {
      throw invalid(field, `does not apply: ${target.eventTypes.join(', ')} events name no tag`);
    }
  }

  private checkRepositoryPattern(pattern: string, field: string, target: OptionsTarget): void {
    compile(pattern, 'repository', field);
    if (target.repository !== null) {
      throw invalid(
        field,
        `applies to subscriptions of a namespace or of everything, not of one repository (${target.namespace}/${target.repository})`,
      );
    }
    if (!target.eventTypes.some(namesRepositories)) {
      throw invalid(field, `does not apply: ${target.eventTypes.join(', ')} events name no repository`);
    }
  }
}

/** Options as every API shows them, in DTR's names (the others rename them). */
export function presentOptions(options: SubscriptionOptions): PresentedOptions {
  return {
    ...(options.tagPattern && { tagPattern: options.tagPattern }),
    ...(options.repositoryPattern && { repositoryPattern: options.repositoryPattern }),
    ...(options.payloadFormat && { payloadFormat: options.payloadFormat }),
    ...(options.headers && { headers: maskedHeaders(options.headers.names) }),
    ...(options.ordered && { ordered: true }),
    ...(options.rateLimit && { rateLimit: options.rateLimit }),
  };
}

const invalid = (field: string, message: string) =>
  new ApiError(400, 'INVALID_PARAMETERS', `${field} ${message}`, { fields: [field] });

/** A text option as given, undefined when not given (or null); anything but a string is a 400. */
function givenText(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  throw invalid(field, 'must be a string');
}

/** A yes/no option as given, undefined when not given (or null); anything but a boolean is a 400. */
function givenBoolean(value: unknown, field: string): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'boolean') return value;
  throw invalid(field, 'must be true or false');
}

/**
 * A rate limit as given: deliveries per second, an integer RATE_LIMIT_MIN..RATE_LIMIT_MAX, or 0 to
 * remove it; undefined when not given (or null).
 */
function givenRateLimit(value: unknown, field: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (value === 0) return 0;
  if (
    typeof value === 'number' &&
    Number.isInteger(value) &&
    value >= RATE_LIMIT_MIN &&
    value <= RATE_LIMIT_MAX
  )
    return value;
  throw invalid(
    field,
    `must be an integer from ${RATE_LIMIT_MIN} to ${RATE_LIMIT_MAX} (deliveries per second), or 0 to remove it`,
  );
}

function compile(pattern: string, kind: 'tag' | 'repository', field: string): void {
  try {
    compileNamePattern(pattern, kind);
  } catch (error) {
    if (error instanceof NamePatternError) throw invalid(field, error.message);
    throw error;
  }
}
