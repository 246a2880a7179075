import { useState } from 'preact/hooks';
import { get, post, query } from '../api';
import {
  ActionForm,
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

const SCOPE_HINTS: Record<WebhookType['scope'], string> = {
  repository: 'namespace/repository, or a namespace for all its repositories',
  namespace: 'a namespace',
  global: 'the whole registry (no repository)',
};

interface Created {
  id: string;
  secret: string;
}

/** Creates a DTR webhook: the most general of the three APIs (one event type each, any key). */
export function NewWebhookPage() {
  const [key, setKey] = useState('');
  const [type, setType] = useState('');
  const [endpoint, setEndpoint] = useState('');
  const [tlsCert, setTlsCert] = useState('');
  const [skipTls, setSkipTls] = useState(false);
  const [created, setCreated] = useState<Created>();
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

  const create = useAction(async () => {
    const answer = await post<Created>('/api/v0/webhooks', {
      type,
      ...(key.trim() ? { key: key.trim() } : {}),
      endpoint,
      ...(tlsCert.trim() ? { tlsCert } : {}),
      skipTLSVerification: skipTls,
    });
    setCreated(answer);
  });

  if (created) {
    return (
      <>
        <PageHeader title="Webhook created" />
        <section class="card">
          <p>
            Deliveries to <strong>{endpoint}</strong> are signed (Standard Webhooks) with this secret. Copy it
            to your receiver now; you can reveal it again from the webhook's page.
          </p>
          <SecretValue value={created.secret} label="Signing secret" />
          <p>
            <a class="button button-primary" href={`/webhooks/${created.id}`}>
              Open the webhook
            </a>
          </p>
        </section>
      </>
    );
  }

  return (
    <>
      <PageHeader title="New webhook" />
      <ActionForm class="card form" label="New webhook" onSubmit={() => create.run()}>
        <ErrorNotice error={create.error} title="Not created." />
        <TextField
          id="webhook-key"
          label="Repository or namespace"
          hint="For example acme/api for one repository, or acme for every repository of acme. Leave empty for registry-wide events."
          value={key}
          placeholder="namespace/repository"
          invalid={!keyValid}
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
          <div class="choices">
            {allowed.map((option) => (
              <label key={option.type} class={`choice ${type === option.type ? 'choice-selected' : ''}`}>
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
                  <span class="muted small">Key: {SCOPE_HINTS[option.scope]}</span>
                </span>
              </label>
            ))}
          </div>
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
          onValue={setEndpoint}
        />
        <details class="advanced">
          <summary>TLS options</summary>
          <Field id="webhook-tls" label="CA certificate (PEM)" hint="Trusted for this endpoint only.">
            <textarea
              id="webhook-tls"
              rows={4}
              value={tlsCert}
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
