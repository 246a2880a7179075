import { useState } from 'preact/hooks';
import { useRoute } from 'preact-iso';
import { get, post, segment } from '../api';
import { ErrorNotice, Loading, Notice, PageHeader, StatusBadge } from '../components/ui';
import { formatTime, prettyBody } from '../format';
import { useAction, useAsync, usePolling } from '../hooks';
import type { Attempt, Delivery, DeliveryDetail } from '../types';

function Headers({ headers, label }: { headers: Record<string, string> | null; label: string }) {
  const entries = Object.entries(headers ?? {});
  if (!entries.length) return <p class="muted">No headers.</p>;
  return (
    <table class="table table-compact" aria-label={label}>
      <tbody>
        {entries.map(([name, value]) => (
          <tr key={name}>
            <th scope="row">{name}</th>
            <td class="mono">{value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Body({ body, label }: { body: string | null; label: string }) {
  if (!body) return <p class="muted">Empty body.</p>;
  return (
    <pre class="code" tabIndex={0} aria-label={label}>
      {prettyBody(body)}
    </pre>
  );
}

function AttemptCard({ attempt }: { attempt: Attempt }) {
  const ok = attempt.responseStatus !== null && attempt.responseStatus >= 200 && attempt.responseStatus < 300;
  return (
    <article class="card attempt" aria-labelledby={`attempt-${attempt.attempt}`}>
      <header class="section-header">
        <h3 id={`attempt-${attempt.attempt}`}>Attempt {attempt.attempt}</h3>
        <span class={`badge ${ok ? 'badge-succeeded' : 'badge-failed'}`}>
          {attempt.responseStatus !== null ? `HTTP ${attempt.responseStatus}` : 'No response'}
        </span>
        <span class="muted">
          {formatTime(attempt.createdAt)} · {attempt.durationMs} ms
        </span>
      </header>
      {attempt.error && (
        <p class="notice notice-error">
          <strong>Error: </strong>
          {attempt.error}
        </p>
      )}
      <div class="attempt-columns">
        <div>
          <h4>Request</h4>
          <Headers headers={attempt.requestHeaders} label={`Request headers of attempt ${attempt.attempt}`} />
          <Body body={attempt.requestBody} label={`Request body of attempt ${attempt.attempt}`} />
        </div>
        <div>
          <h4>Response</h4>
          <Headers
            headers={attempt.responseHeaders}
            label={`Response headers of attempt ${attempt.attempt}`}
          />
          <Body body={attempt.responseBody} label={`Response body of attempt ${attempt.attempt}`} />
        </div>
      </div>
    </article>
  );
}

export function DeliveryPage() {
  const { params } = useRoute();
  const base = `/api/v0/webhooks/${segment(params.id)}/deliveries/${segment(params.deliveryId)}`;
  const delivery = useAsync(() => get<DeliveryDetail>(base), [base]);
  usePolling(delivery.reload, 2000, delivery.data?.status === 'pending' || delivery.data?.attempts === 0);
  const [redelivered, setRedelivered] = useState<Delivery>();
  const redeliver = useAction(async () => {
    setRedelivered(await post<Delivery>(`${base}/redeliver`));
  });

  const data = delivery.data;
  return (
    <>
      <nav aria-label="Breadcrumb" class="breadcrumb">
        <a href="/webhooks">Webhooks</a> / <a href={`/webhooks/${params.id}`}>Webhook</a> /{' '}
        <span aria-current="page">Delivery</span>
      </nav>
      <PageHeader title={data ? `${data.eventType} delivery` : 'Delivery'}>
        {data && (
          <button
            type="button"
            class="button button-primary"
            onClick={() => void redeliver.run()}
            disabled={redeliver.busy}
          >
            Redeliver
          </button>
        )}
      </PageHeader>
      <ErrorNotice error={delivery.error ?? redeliver.error} />
      {redelivered && (
        <Notice kind="success">
          Queued again as a new delivery with the same webhook-id.{' '}
          <a href={`/webhooks/${params.id}/deliveries/${redelivered.id}`}>Follow the redelivery</a>
        </Notice>
      )}
      {!data && !delivery.error && <Loading />}
      {data && (
        <>
          <section class="card" aria-label="Delivery summary">
            <dl class="summary">
              <div>
                <dt>Status</dt>
                <dd>
                  <StatusBadge status={data.status} />
                </dd>
              </div>
              <div>
                <dt>Created</dt>
                <dd title={data.createdAt}>{formatTime(data.createdAt)}</dd>
              </div>
              <div>
                <dt>Last change</dt>
                <dd title={data.updatedAt}>{formatTime(data.updatedAt)}</dd>
              </div>
              <div>
                <dt>Attempts</dt>
                <dd>{data.attempts}</dd>
              </div>
              <div>
                <dt>webhook-id</dt>
                <dd class="mono">{data.webhookMessageID}</dd>
              </div>
              <div>
                <dt>Event id</dt>
                <dd class="mono">{data.eventID}</dd>
              </div>
            </dl>
          </section>
          <h2>Attempts</h2>
          {data.attemptLog.length === 0 && <p class="empty">Not attempted yet.</p>}
          {[...data.attemptLog].reverse().map((attempt) => (
            <AttemptCard key={attempt.attempt} attempt={attempt} />
          ))}
        </>
      )}
    </>
  );
}
