import { RATE_LIMIT_MAX, RATE_LIMIT_MIN } from '@hookyard/events/subscription-options';
import { fieldError } from '../api';
import { DeliveryOptions, EditableApi, HeaderRow, OPTION_FIELDS } from '../delivery-options';
import { describedBy, Field, TextField } from './ui';

const TAG_HINT = (
  <>
    Globs separated by commas; a leading <code>!</code> excludes. <code>v*,!*-rc*</code>: tags starting with
    v, except release candidates. Only events naming a matching tag are sent (not a push by digest).
  </>
);
const REPOSITORY_HINT = (
  <>
    For a namespace: globs on the repository within it (<code>team/*</code>); for the whole registry, on the
    full name (<code>acme/**</code>). <code>*</code> stays within a path segment, <code>**</code> crosses
    them.
  </>
);

/**
 * The filters and delivery options of a webhook (tag and repository globs, CloudEvents, static
 * headers, ordered delivery, rate limit), folded away unless set. Errors the API gives for one of them show beside it.
 */
export function DeliveryOptionsFields({
  id,
  api,
  value,
  onChange,
  showTagPattern,
  showRepositoryPattern,
  error,
}: {
  id: string;
  api: EditableApi;
  value: DeliveryOptions;
  onChange: (value: DeliveryOptions) => void;
  showTagPattern: boolean;
  showRepositoryPattern: boolean;
  error: Error | undefined;
}) {
  const fields = OPTION_FIELDS[api];
  const errorOf = (option: keyof DeliveryOptions) => {
    const field = fields[option];
    return field ? fieldError(error, field) : undefined;
  };
  const set = (changes: Partial<DeliveryOptions>) => onChange({ ...value, ...changes });
  const setHeader = (index: number, changes: Partial<HeaderRow>) =>
    set({ headers: value.headers.map((row, i) => (i === index ? { ...row, ...changes } : row)) });
  const anySet =
    value.tagPattern !== '' ||
    value.repositoryPattern !== '' ||
    value.cloudEvents ||
    value.headers.length > 0 ||
    value.ordered ||
    value.rateLimit !== '';
  const headersError = errorOf('headers');
  const orderedError = errorOf('ordered');
  const rateLimitError = errorOf('rateLimit');
  const formatError = errorOf('cloudEvents');
  const anyError = (Object.keys(fields) as Array<keyof DeliveryOptions>).some((option) => errorOf(option));

  return (
    <details class="advanced" open={anySet || anyError}>
      <summary>Filters, payload format, headers, order and rate</summary>
      {showTagPattern && (
        <TextField
          id={`${id}-tag-pattern`}
          label="Tag filter"
          placeholder="v*,!*-rc*"
          hint={TAG_HINT}
          error={errorOf('tagPattern')}
          value={value.tagPattern}
          onValue={(tagPattern) => set({ tagPattern })}
        />
      )}
      {showRepositoryPattern && fields.repositoryPattern && (
        <TextField
          id={`${id}-repository-pattern`}
          label="Repository filter"
          placeholder="team/*"
          hint={REPOSITORY_HINT}
          error={errorOf('repositoryPattern')}
          value={value.repositoryPattern}
          onValue={(repositoryPattern) => set({ repositoryPattern })}
        />
      )}
      <fieldset class="field" aria-describedby={describedBy(`${id}-format`, true, formatError)}>
        <legend>Payload format</legend>
        <label class="inline-choice">
          <input
            type="radio"
            name={`${id}-format`}
            checked={!value.cloudEvents}
            onChange={() => set({ cloudEvents: false })}
          />
          {api === 'dtr' ? 'DTR' : 'Alauda'} JSON
        </label>
        <label class="inline-choice">
          <input
            type="radio"
            name={`${id}-format`}
            checked={value.cloudEvents}
            onChange={() => set({ cloudEvents: true })}
          />
          CloudEvents 1.0
        </label>
        {formatError && (
          <p class="field-error" id={`${id}-format-error`} role="alert">
            {formatError}
          </p>
        )}
        <p class="hint" id={`${id}-format-hint`}>
          CloudEvents: structured mode (<code>application/cloudevents+json</code>), signed like any payload.
        </p>
      </fieldset>
      <fieldset class="field" aria-describedby={describedBy(`${id}-headers`, true, headersError)}>
        <legend>Static headers</legend>
        {value.headers.map((row, index) => (
          <div class="header-row" key={index}>
            <input
              aria-label={`Header ${index + 1} name`}
              placeholder="Authorization"
              value={row.name}
              readOnly={row.stored}
              onInput={(event) => setHeader(index, { name: event.currentTarget.value })}
            />
            <input
              aria-label={`Header ${index + 1} value`}
              placeholder={row.stored ? 'stored (type to replace)' : 'value'}
              value={row.value}
              onInput={(event) => setHeader(index, { value: event.currentTarget.value })}
            />
            <button
              type="button"
              class="button button-small button-danger"
              onClick={() => set({ headers: value.headers.filter((_, i) => i !== index) })}
            >
              Remove<span class="visually-hidden"> header {row.name || index + 1}</span>
            </button>
          </div>
        ))}
        <button
          type="button"
          class="button button-small"
          onClick={() => set({ headers: [...value.headers, { name: '', value: '', stored: false }] })}
        >
          Add header
        </button>
        {headersError && (
          <p class="field-error" id={`${id}-headers-error`} role="alert">
            {headersError}
          </p>
        )}
        <p class="hint" id={`${id}-headers-hint`}>
          Sent with every delivery, e.g. an <code>Authorization</code> your receiver expects. Stored
          encrypted; their values are never shown again.
        </p>
      </fieldset>
      <div class="field">
        <div class="field field-check">
          <input
            id={`${id}-ordered`}
            type="checkbox"
            checked={value.ordered}
            aria-describedby={describedBy(`${id}-ordered`, true, orderedError)}
            onChange={(event) => set({ ordered: event.currentTarget.checked })}
          />
          <label for={`${id}-ordered`}>Deliver in event order, one at a time</label>
        </div>
        {orderedError && (
          <p class="field-error" id={`${id}-ordered-error`} role="alert">
            {orderedError}
          </p>
        )}
        <p class="hint" id={`${id}-ordered-hint`}>
          While a delivery is retried, the later ones wait until it succeeds or its retries are used up.
        </p>
      </div>
      <Field
        id={`${id}-rate-limit`}
        label="Rate limit (deliveries per second)"
        hint={`${RATE_LIMIT_MIN} to ${RATE_LIMIT_MAX}; empty for none. Deliveries over it wait; they do not fail or use an attempt.`}
        error={rateLimitError}
      >
        <input
          id={`${id}-rate-limit`}
          type="number"
          inputMode="numeric"
          min={RATE_LIMIT_MIN}
          max={RATE_LIMIT_MAX}
          step={1}
          placeholder="no limit"
          value={value.rateLimit}
          aria-invalid={Boolean(rateLimitError)}
          aria-describedby={describedBy(`${id}-rate-limit`, true, rateLimitError)}
          onInput={(event) => set({ rateLimit: event.currentTarget.value })}
        />
      </Field>
    </details>
  );
}
