import { useState } from 'preact/hooks';
import { useAction } from '../hooks';
import type { Subscription } from '../types';
import { updateWebhook, WebhookChanges } from '../webhook-actions';
import { ActionForm, ErrorNotice, Field, TextField } from './ui';

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
  });
  const save = useAction(async () => {
    await updateWebhook(webhook, changes);
    onDone(true);
  });
  return (
    <ActionForm class="card form" label="Edit webhook" onSubmit={() => save.run()}>
      <h2>Edit webhook</h2>
      <ErrorNotice error={save.error} title="Not saved." />
      {webhook.api === 'alauda' && (
        <TextField
          id="edit-name"
          label="Name"
          value={changes.name}
          onValue={(name) => setChanges({ ...changes, name })}
        />
      )}
      <TextField
        id="edit-endpoint"
        label="Endpoint URL"
        type="url"
        required
        value={changes.endpoint}
        onValue={(endpoint) => setChanges({ ...changes, endpoint })}
      />
      {webhook.api === 'dtr' && (
        <>
          <Field
            id="edit-tls"
            label="CA certificate (PEM)"
            hint="Trusted for this endpoint only; empty for the system CAs."
          >
            <textarea
              id="edit-tls"
              rows={4}
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
