import { useState } from 'preact/hooks';
import { fieldError, formError } from '../api';
import { OPTION_FIELDS, optionsOf } from '../delivery-options';
import { useAction } from '../hooks';
import type { Subscription } from '../types';
import { updateWebhook, WebhookChanges } from '../webhook-actions';
import { DeliveryOptionsFields } from './delivery-options-fields';
import { ActionForm, describedBy, ErrorNotice, Field, TextField } from './ui';

export function WebhookEditForm({
  webhook,
  onDone,
}: {
  webhook: Subscription;
  onDone: (saved: boolean) => void;
}) {
  const [changes, setChanges] = useState<WebhookChanges>({
    endpoint: webhook.endpoint,
    name: webhook.name,
    tlsCert: webhook.tlsCert,
    skipTLSVerification: webhook.skipTLSVerification,
    options: optionsOf(webhook),
  });
  // Each API names the fields its errors are about in its own words.
  const api = webhook.api === 'alauda' ? 'alauda' : 'dtr';
  const endpointField = api === 'alauda' ? 'url' : 'endpoint';
  const formFields = [
    endpointField,
    'name',
    'tlsCert',
    ...Object.values(OPTION_FIELDS[api]).filter((field): field is string => field !== null),
  ];
  const save = useAction(async () => {
    await updateWebhook(webhook, changes);
    onDone(true);
  });
  return (
    <ActionForm class="card form" label="Edit webhook" onSubmit={() => save.run()}>
      <h2>Edit webhook</h2>
      <ErrorNotice error={formError(save.error, formFields)} title="Not saved." />
      {webhook.api === 'alauda' && (
        <TextField
          id="edit-name"
          label="Name"
          error={fieldError(save.error, 'name')}
          value={changes.name}
          onValue={(name) => setChanges({ ...changes, name })}
        />
      )}
      <TextField
        id="edit-endpoint"
        label="Endpoint URL"
        type="url"
        required
        error={fieldError(save.error, endpointField)}
        value={changes.endpoint}
        onValue={(endpoint) => setChanges({ ...changes, endpoint })}
      />
      {webhook.api === 'dtr' && (
        <>
          <Field
            id="edit-tls"
            label="CA certificate (PEM)"
            hint="Trusted for this endpoint only; empty for the system CAs."
            error={fieldError(save.error, 'tlsCert')}
          >
            <textarea
              id="edit-tls"
              rows={4}
              aria-describedby={describedBy('edit-tls', true, fieldError(save.error, 'tlsCert'))}
              value={changes.tlsCert}
              onInput={(e) => setChanges({ ...changes, tlsCert: e.currentTarget.value })}
            />
          </Field>
          <div class="field field-check">
            <input
              id="edit-skip-tls"
              type="checkbox"
              checked={changes.skipTLSVerification}
              onChange={(e) => setChanges({ ...changes, skipTLSVerification: e.currentTarget.checked })}
            />
            <label for="edit-skip-tls">Skip TLS certificate verification (unsafe; for testing only)</label>
          </div>
        </>
      )}
      <DeliveryOptionsFields
        id="edit"
        api={api}
        value={changes.options}
        onChange={(options) => setChanges({ ...changes, options })}
        showTagPattern
        showRepositoryPattern={!webhook.key.includes('/')}
        error={save.error}
      />
      <div class="form-actions">
        <button type="submit" class="button button-primary" disabled={save.busy}>
          Save
        </button>
        <button type="button" class="button" onClick={() => onDone(false)}>
          Cancel
        </button>
      </div>
    </ActionForm>
  );
}
