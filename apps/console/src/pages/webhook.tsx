import { useState } from 'preact/hooks';
import { useLocation, useRoute } from 'preact-iso';
import { ApiError, get, post, segment } from '../api';
import { activityOfKey } from '../activity';
import { DeliveryLog } from '../components/delivery-log';
import { DeliveryRecovery } from '../components/delivery-recovery';
import { WebhookEditForm } from '../components/webhook-edit-form';
import {
  ConfirmButton,
  ErrorNotice,
  HealthBadge,
  Loading,
  Notice,
  PageHeader,
  SecretValue,
  SelectField,
} from '../components/ui';
import { API_NAMES, describeKey, formatTime } from '../format';
import { useAction, useAsync } from '../hooks';
import type { Subscription, TestResult } from '../types';
import {
  canEdit,
  canRotateSecret,
  deleteWebhook,
  reenableWebhook,
  RotatedSecret,
  rotateSecret,
} from '../webhook-actions';

/** How long the current secret keeps signing beside a new one (the API's default first). */
const ROTATION_OVERLAPS = [
  ['24h', '24 hours'],
  ['1h', '1 hour'],
  ['7d', '7 days'],
  ['0s', 'No time: it leaked'],
] as const;

const PAYLOAD_FORMATS: Record<Subscription['api'], string> = {
  dtr: 'DTR JSON',
  quay: 'Quay JSON',
  alauda: 'Alauda JSON',
};

const INACTIVE_REASONS: Record<Exclude<Subscription['inactiveReason'], ''>, string> = {
  paused: 'Paused through an API.',
  'failed-deliveries':
    'Turned off after too many failed deliveries in a row. Fix the endpoint, then re-enable it.',
  'endpoint-gone': 'Turned off because the endpoint answered 410 Gone.',
  'author-deactivated': 'Turned off because the account that made it was deactivated.',
  'author-deleted': 'Turned off because the account that made it was deleted.',
  unknown: 'Turned off before Hookyard kept the reason.',
};

export function WebhookPage() {
  const { params } = useRoute();
  const location = useLocation();
  const id = params.id;
  const webhook = useAsync(() => get<Subscription>(`/api/v0/subscriptions/${segment(id)}`), [id]);
  const [editing, setEditing] = useState(false);
  const [recovering, setRecovering] = useState(Boolean(location.query.recovery));
  const [secret, setSecret] = useState<string>();
  const [test, setTest] = useState<TestResult>();
  const [message, setMessage] = useState<string>();
  const [overlap, setOverlap] = useState<string>(ROTATION_OVERLAPS[0][0]);
  const [rotated, setRotated] = useState<RotatedSecret>();

  const sendTest = useAction(async () => {
    setTest(undefined);
    setTest(await post<TestResult>(`/api/v0/subscriptions/${segment(id)}/test`));
  });
  const revealSecret = useAction(async () => {
    setSecret((await get<{ secret: string }>(`/api/v0/subscriptions/${segment(id)}/secret`)).secret);
  });
  const rotate = useAction(async () => {
    setRotated(await rotateSecret(webhook.data!, overlap));
    setSecret(undefined);
    await webhook.reload();
  });
  const reenable = useAction(async () => {
    await reenableWebhook(webhook.data!);
    setMessage('Re-enabled: deliveries start again with the next event.');
    await webhook.reload();
  });
  const remove = useAction(async () => {
    await deleteWebhook(webhook.data!);
    location.route('/webhooks');
  });

  if (webhook.error) {
    return (
      <>
        <PageHeader title="Webhook" />
        <ErrorNotice
          error={webhook.error}
          title={
            webhook.error instanceof ApiError && webhook.error.status === 403
              ? 'You may no longer manage this webhook.'
              : 'Could not load this webhook.'
          }
        />
        <a href="/webhooks">Back to the webhooks</a>
      </>
    );
  }
  const data = webhook.data;
  if (!data) return <Loading />;

  return (
    <>
      <nav aria-label="Breadcrumb" class="breadcrumb">
        <a href="/webhooks">Webhooks</a> / <span aria-current="page">{data.name || data.endpoint}</span>
      </nav>
      <PageHeader title={data.name || `${data.apiEvents.join(', ')} → ${describeKey(data.key)}`}>
        <button type="button" class="button" onClick={() => void sendTest.run()} disabled={sendTest.busy}>
          {sendTest.busy ? 'Sending…' : 'Send test event'}
        </button>
        {canEdit(data) && (
          <button type="button" class="button" onClick={() => setEditing(!editing)} aria-expanded={editing}>
            Edit
          </button>
        )}
        <button
          type="button"
          class="button"
          onClick={() => setRecovering(!recovering)}
          aria-expanded={recovering}
        >
          Recover failed since…
        </button>
        {data.inactive && (
          <button
            type="button"
            class="button button-primary"
            onClick={() => void reenable.run()}
            disabled={reenable.busy}
          >
            Re-enable
          </button>
        )}
        <ConfirmButton
          label="Delete"
          question={
            <>
              Delete this webhook? Deliveries to <strong>{data.endpoint}</strong> stop at once and its
              delivery log can no longer be read. This cannot be undone.
            </>
          }
          confirmLabel="Delete webhook"
          onConfirm={() => remove.run()}
          busy={remove.busy}
        />
      </PageHeader>
      {message && <Notice kind="success">{message}</Notice>}
      <ErrorNotice
        error={sendTest.error ?? reenable.error ?? remove.error ?? revealSecret.error ?? rotate.error}
      />
      {rotated && (
        <div class="notice notice-success" role="status">
          <p>
            <strong>New signing secret.</strong> Every delivery is signed with it from now on; copy it to your
            receiver.{' '}
            {new Date(rotated.previousSecretExpiresAt).getTime() > Date.now()
              ? `Until ${new Date(rotated.previousSecretExpiresAt).toLocaleString()} deliveries also carry a signature with the previous one.`
              : 'The previous secret no longer signs anything.'}
          </p>
          <SecretValue value={rotated.secret} label="New signing secret" />
        </div>
      )}
      {test && (
        <div class={`notice ${test.delivered ? 'notice-success' : 'notice-error'}`} role="status">
          <strong>
            Test {test.eventType} event {test.delivered ? 'delivered' : 'not delivered'}:{' '}
          </strong>
          {test.statusCode !== null ? `the endpoint answered ${test.statusCode}` : test.error} in{' '}
          {test.durationMs} ms.
          <span class="muted small"> webhook-id {test.webhookId}</span>
        </div>
      )}
      {editing && (
        <WebhookEditForm
          webhook={data}
          onDone={async (saved) => {
            setEditing(false);
            if (saved) {
              setMessage('Saved.');
              await webhook.reload();
            }
          }}
        />
      )}
      <section class="card" aria-labelledby="summary-title">
        <h2 id="summary-title" class="visually-hidden">
          Summary
        </h2>
        <dl class="summary">
          <div>
            <dt>Health</dt>
            <dd>
              <HealthBadge health={data.health} />
              {data.inactiveReason && <p class="hint">{INACTIVE_REASONS[data.inactiveReason]}</p>}
            </dd>
          </div>
          <div>
            <dt>Endpoint</dt>
            <dd class="cell-endpoint">
              {data.endpoint}
              {data.method !== 'webhook' && <span class="badge badge-neutral">{data.method}</span>}
            </dd>
          </div>
          <div>
            <dt>Events</dt>
            <dd>
              {data.apiEvents.join(', ')}
              {data.api !== 'dtr' && <span class="muted small"> ({data.eventTypes.join(', ')})</span>}
            </dd>
          </div>
          <div>
            <dt>Repository</dt>
            <dd>
              {describeKey(data.key)}
              {activityOfKey(data.key) && (
                <>
                  {' '}
                  <a href={activityOfKey(data.key)} class="small">
                    Activity<span class="visually-hidden"> of {data.key}</span>
                  </a>
                </>
              )}
            </dd>
          </div>
          <div>
            <dt>API</dt>
            <dd>{API_NAMES[data.api]}</dd>
          </div>
          <div>
            <dt>Last success</dt>
            <dd>{formatTime(data.lastSuccessfulAt)}</dd>
          </div>
          <div>
            <dt>Failed in a row</dt>
            <dd>{data.consecutiveFailures}</dd>
          </div>
          <div>
            <dt>Created</dt>
            <dd>{formatTime(data.createdAt)}</dd>
          </div>
          <div>
            <dt>TLS</dt>
            <dd>
              {data.skipTLSVerification
                ? 'Certificate not verified'
                : data.tlsCert
                  ? 'Verified against its own CA certificate'
                  : 'Verified against the system CAs'}
            </dd>
          </div>
          <div>
            <dt>Filters</dt>
            <dd>
              {!data.tagPattern && !data.repositoryPattern && 'None: every event of its types'}
              {data.tagPattern && (
                <div>
                  Tags <code>{data.tagPattern}</code>
                </div>
              )}
              {data.repositoryPattern && (
                <div>
                  Repositories <code>{data.repositoryPattern}</code>
                </div>
              )}
            </dd>
          </div>
          <div>
            <dt>Payload</dt>
            <dd>{data.payloadFormat === 'cloudevents' ? 'CloudEvents 1.0' : PAYLOAD_FORMATS[data.api]}</dd>
          </div>
          <div>
            <dt>Static headers</dt>
            <dd>
              {data.headers && Object.keys(data.headers).length
                ? Object.keys(data.headers).map((name) => (
                    <div key={name}>
                      <code>{name}</code> <span class="muted small">(value hidden)</span>
                    </div>
                  ))
                : 'None'}
            </dd>
          </div>
          <div>
            <dt>Order and rate</dt>
            <dd>
              {data.ordered ? 'In event order, one at a time' : 'As they come'}
              <div class={data.rateLimit ? '' : 'muted small'}>
                {data.rateLimit ? `At most ${data.rateLimit} per second` : 'No rate limit'}
              </div>
            </dd>
          </div>
          <div>
            <dt>Signing secret</dt>
            <dd>
              {secret ? (
                <SecretValue value={secret} label="Signing secret" />
              ) : (
                <button type="button" class="button button-small" onClick={() => void revealSecret.run()}>
                  Reveal secret
                </button>
              )}{' '}
              {canRotateSecret(data) && (
                <ConfirmButton
                  small
                  danger={false}
                  label="Rotate secret"
                  confirmLabel="Rotate secret"
                  busy={rotate.busy}
                  onConfirm={() => rotate.run()}
                  question={
                    <>
                      A new secret signs every delivery from now on. Receivers need time to switch: how long
                      should the current secret keep signing beside it?
                      <SelectField
                        id="rotation-overlap"
                        label="Current secret keeps signing for"
                        value={overlap}
                        any={false}
                        options={ROTATION_OVERLAPS}
                        onValue={setOverlap}
                      />
                    </>
                  }
                />
              )}
              {data.previousSecretExpiresAt && (
                <p class="hint">
                  Rotated: the previous secret also signs until{' '}
                  {new Date(data.previousSecretExpiresAt).toLocaleString()}.
                </p>
              )}
            </dd>
          </div>
        </dl>
      </section>
      {recovering && (
        <DeliveryRecovery webhookId={data.id} inactive={data.inactive} recoveryId={location.query.recovery} />
      )}
      <DeliveryLog webhookId={data.id} eventTypes={data.eventTypes} onChange={() => void webhook.reload()} />
    </>
  );
}
