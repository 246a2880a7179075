import { isEventType, isOperationalEventType } from '@hookyard/events/event-types';
import { useLocation } from 'preact-iso';
import { useState } from 'preact/hooks';
import { fieldError, formError, get, post, query } from '../api';
import { DeliveryOptionsFields } from '../components/delivery-options-fields';
import { NO_OPTIONS, optionsRequest } from '../delivery-options';
import {
  ActionForm,
  describedBy,
  ErrorNotice,
  Field,
  Loading,
  PageHeader,
  SecretValue,
  TextField,
} from '../components/ui';
import { useAction, useAsync, useDebounced } from '../hooks';
import type { WebhookType } from '../types';

const KEY_PATTERN = /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/;

/** The request fields this form shows an error beside (DTR's names). */
const FORM_FIELDS = [
  'key',
  'type',
  'endpoint',
  'tlsCert',
  'tagPattern',
  'repositoryPattern',
  'payloadFormat',
  'headers',
];

/** The groups the form offers event types in: by what the key names, Hookyard's own apart. */
type TypeGroup = WebhookType['scope'] | 'operational';
const TYPE_GROUPS: TypeGroup[] = ['repository', 'namespace', 'operational', 'global'];
const GROUP_HINTS: Record<TypeGroup, string> = {
  repository: 'Events of repositories: for one repository, or every repository of a namespace.',
  namespace: 'Events of a namespace: the key is the namespace alone.',
  operational:
    "Hookyard's own events about the namespace's webhooks (of any API): hear when one is turned off or its deliveries keep failing. For the namespace's owners; the key is the namespace alone.",
  global: 'Events of the whole registry: no repository or namespace.',
};
const groupOf = (option: WebhookType): TypeGroup =>
  isEventType(option.type) && isOperationalEventType(option.type) ? 'operational' : option.scope;

interface Created {
  id: string;
  secret: string;
}

interface CreatedWebhook extends Created {
  endpoint: string;
}

/**
 * Creates a DTR webhook (the most general of the three APIs: one event type each, any key), then
 * shows its secret once at /webhooks/new?created=ID: "New webhook", the same page without it, opens
 * an empty form again.
 */
export function NewWebhookPage() {
  const location = useLocation();
  const [created, setCreated] = useState<CreatedWebhook>();
  if (created && location.query.created === created.id) return <WebhookCreated webhook={created} />;
  return (
    <NewWebhookForm
      onCreated={(webhook) => {
        setCreated(webhook);
        location.route(`/webhooks/new${query({ created: webhook.id })}`);
      }}
    />
  );
}

function WebhookCreated({ webhook }: { webhook: CreatedWebhook }) {
  return (
    <>
      <PageHeader title="Webhook created" />
      <section class="card">
        <p>
          Deliveries to <strong>{webhook.endpoint}</strong> are signed (Standard Webhooks) with this secret.
          Copy it to your receiver now; you can reveal it again from the webhook's page.
        </p>
        <SecretValue value={webhook.secret} label="Signing secret" />
        <p>
          <a class="button button-primary" href={`/webhooks/${webhook.id}`}>
            Open the webhook
          </a>
        </p>
      </section>
    </>
  );
}

function NewWebhookForm({ onCreated }: { onCreated: (webhook: CreatedWebhook) => void }) {
  const [key, setKey] = useState('');
  const [type, setType] = useState('');
  const [endpoint, setEndpoint] = useState('');
  const [tlsCert, setTlsCert] = useState('');
  const [skipTls, setSkipTls] = useState(false);
  const [options, setOptions] = useState(NO_OPTIONS);
  const settledKey = useDebounced(key.trim(), 300);
  const keyValid = settledKey === '' || KEY_PATTERN.test(settledKey);

  const types = useAsync(
    () =>
      keyValid
        ? get<WebhookType[]>(`/api/v0/webhook_types${query({ key: settledKey })}`)
        : Promise.resolve([]),
    [settledKey, keyValid],
  );
  const allowed = (types.data ?? []).filter((t) => t.allowed);
  const refused = (types.data ?? []).filter((t) => !t.allowed);
  const chosen = allowed.find((t) => t.type === type);
  const showTagPattern = chosen?.namesTag ?? false;
  const showRepositoryPattern = !settledKey.includes('/') && (chosen?.namesRepository ?? false);

  const create = useAction(async () => {
    const answer = await post<Created>('/api/v0/webhooks', {
      type,
      ...(key.trim() ? { key: key.trim() } : {}),
      endpoint,
      ...(tlsCert.trim() ? { tlsCert } : {}),
      skipTLSVerification: skipTls,
      // Filters the chosen type and key cannot have are not sent (their fields are hidden).
      ...optionsRequest(
        'dtr',
        {
          ...options,
          tagPattern: showTagPattern ? options.tagPattern : '',
          repositoryPattern: showRepositoryPattern ? options.repositoryPattern : '',
        },
        false,
      ),
    });
    onCreated({ ...answer, endpoint });
  });

  return (
    <>
      <PageHeader title="New webhook" />
      <ActionForm class="card form" label="New webhook" onSubmit={() => create.run()}>
        <ErrorNotice error={formError(create.error, FORM_FIELDS)} title="Not created." />
        <TextField
          id="webhook-key"
          label="Repository or namespace"
          hint="For example acme/api for one repository, or acme for every repository of acme. Leave empty for registry-wide events."
          value={key}
          placeholder="namespace/repository"
          invalid={!keyValid}
          error={fieldError(create.error, 'key')}
          onValue={setKey}
        />
        {!keyValid && (
          <p class="notice notice-error" role="alert">
            Use lowercase letters, digits and . _ - in a namespace or namespace/repository.
          </p>
        )}
        <fieldset class="field">
          <legend>Event type</legend>
          {types.loading && !types.data && <Loading label="Checking what you may subscribe to…" />}
          <ErrorNotice error={types.error} />
          {types.data && allowed.length === 0 && keyValid && (
            <p class="notice notice-info">
              You may not subscribe to any event{' '}
              {settledKey ? (
                <>
                  of <strong>{settledKey}</strong>
                </>
              ) : (
                'without a repository'
              )}
              . Ask an owner of the namespace for admin access to the repository.
            </p>
          )}
          {TYPE_GROUPS.filter((group) => allowed.some((option) => groupOf(option) === group)).map((group) => (
            <div class="choice-group" key={group}>
              <p class="hint">{GROUP_HINTS[group]}</p>
              <div class="choices">
                {allowed
                  .filter((option) => groupOf(option) === group)
                  .map((option) => (
                    <label
                      key={option.type}
                      class={`choice ${type === option.type ? 'choice-selected' : ''}`}
                    >
                      <input
                        type="radio"
                        name="type"
                        value={option.type}
                        checked={type === option.type}
                        required
                        onChange={() => setType(option.type)}
                      />
                      <span>
                        <strong>{option.type}</strong>
                        <span class="choice-description">{option.description}</span>
                      </span>
                    </label>
                  ))}
              </div>
            </div>
          ))}
          {refused.length > 0 && (
            <details class="refused">
              <summary>
                {refused.length} other event {refused.length === 1 ? 'type is' : 'types are'} not available
                {settledKey ? ` for ${settledKey}` : ''}
              </summary>
              <ul>
                {refused.map((option) => (
                  <li key={option.type}>
                    <strong>{option.type}</strong>: {option.reason}
                  </li>
                ))}
              </ul>
            </details>
          )}
        </fieldset>
        <TextField
          id="webhook-endpoint"
          label="Endpoint URL"
          hint="Hookyard POSTs each event here as JSON."
          type="url"
          required
          placeholder="https://example.com/hooks/registry"
          value={endpoint}
          error={fieldError(create.error, 'endpoint')}
          onValue={setEndpoint}
        />
        <DeliveryOptionsFields
          id="webhook"
          api="dtr"
          value={options}
          onChange={setOptions}
          showTagPattern={showTagPattern}
          showRepositoryPattern={showRepositoryPattern}
          error={create.error}
        />
        <details class="advanced" open={Boolean(fieldError(create.error, 'tlsCert'))}>
          <summary>TLS options</summary>
          <Field
            id="webhook-tls"
            label="CA certificate (PEM)"
            hint="Trusted for this endpoint only."
            error={fieldError(create.error, 'tlsCert')}
          >
            <textarea
              id="webhook-tls"
              rows={4}
              value={tlsCert}
              aria-describedby={describedBy('webhook-tls', true, fieldError(create.error, 'tlsCert'))}
              onInput={(event) => setTlsCert(event.currentTarget.value)}
            />
          </Field>
          <div class="field field-check">
            <input
              id="webhook-skip-tls"
              type="checkbox"
              checked={skipTls}
              onChange={(event) => setSkipTls(event.currentTarget.checked)}
            />
            <label for="webhook-skip-tls">Skip TLS certificate verification (unsafe; for testing only)</label>
          </div>
        </details>
        <div class="form-actions">
          <button type="submit" class="button button-primary" disabled={create.busy || !chosen}>
            {create.busy ? 'Creating…' : 'Create webhook'}
          </button>
          <a class="button" href="/webhooks">
            Cancel
          </a>
        </div>
      </ActionForm>
    </>
  );
}
