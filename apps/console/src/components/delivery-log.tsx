import { useEffect, useState } from 'preact/hooks';
import { query, request, segment } from '../api';
import { localInputToIso, formatTime } from '../format';
import { useAsync, usePolling } from '../hooks';
import type { Delivery } from '../types';
import { EmptyState, ErrorNotice, Loading, StatusBadge } from './ui';

const PAGE_SIZE = 25;
const LIVE_INTERVAL_MS = 2000;

interface Filters {
  status: string;
  eventType: string;
  since: string;
  until: string;
}

/**
 * A webhook's deliveries, newest first, a page at a time (keyset paging: as fast on page 400 as on
 * page 1). The first page refreshes itself every two seconds, so new deliveries and status changes
 * show up without a reload.
 */
export function DeliveryLog({ webhookId, eventTypes }: { webhookId: string; eventTypes: string[] }) {
  const [filters, setFilters] = useState<Filters>({ status: '', eventType: '', since: '', until: '' });
  // Cursors of the pages shown so far: [first page (none), second, ...].
  const [cursors, setCursors] = useState<Array<string | undefined>>([undefined]);
  const [next, setNext] = useState<string>();
  const [newCount, setNewCount] = useState(0);
  const page = cursors.length - 1;

  const deliveries = useAsync(async () => {
    const answer = await request<Delivery[]>(
      'GET',
      `/api/v0/webhooks/${segment(webhookId)}/deliveries${query({
        status: filters.status,
        eventType: filters.eventType,
        since: localInputToIso(filters.since),
        until: localInputToIso(filters.until),
        pageSize: PAGE_SIZE,
        pageStart: cursors[page],
      })}`,
    );
    setNext(answer.headers.get('X-Next-Page-Start') ?? undefined);
    return answer.data;
  }, [webhookId, filters.status, filters.eventType, filters.since, filters.until, cursors[page]]);

  const live = page === 0 && !filters.until;
  usePolling(deliveries.reload, LIVE_INTERVAL_MS, live);

  // Announce arrivals (screen readers) without moving focus.
  const [seen, setSeen] = useState<Set<string>>(new Set());
  useEffect(() => {
    const ids = (deliveries.data ?? []).map((delivery) => delivery.id);
    const fresh = seen.size ? ids.filter((id) => !seen.has(id)).length : 0;
    if (fresh) setNewCount(fresh);
    setSeen(new Set(ids));
  }, [deliveries.data]);

  const setFilter = (name: keyof Filters) => (event: Event) => {
    setFilters({ ...filters, [name]: (event.currentTarget as HTMLInputElement).value });
    setCursors([undefined]);
  };

  return (
    <section class="card" aria-labelledby="deliveries-title">
      <div class="section-header">
        <h2 id="deliveries-title">Deliveries</h2>
        <span class={`live ${live ? 'live-on' : ''}`}>
          {live ? 'Live' : 'Paused while browsing older pages'}
        </span>
      </div>
      <form class="filters" aria-label="Filter deliveries" onSubmit={(event) => event.preventDefault()}>
        <div class="field">
          <label for="delivery-status">Status</label>
          <select id="delivery-status" value={filters.status} onChange={setFilter('status')}>
            <option value="">Any</option>
            <option value="succeeded">Succeeded</option>
            <option value="pending">Retrying</option>
            <option value="failed">Failed</option>
            <option value="skipped">Skipped</option>
          </select>
        </div>
        {eventTypes.length > 1 && (
          <div class="field">
            <label for="delivery-type">Event type</label>
            <select id="delivery-type" value={filters.eventType} onChange={setFilter('eventType')}>
              <option value="">Any</option>
              {eventTypes.map((type) => (
                <option key={type}>{type}</option>
              ))}
            </select>
          </div>
        )}
        <div class="field">
          <label for="delivery-since">From</label>
          <input
            id="delivery-since"
            type="datetime-local"
            value={filters.since}
            onChange={setFilter('since')}
          />
        </div>
        <div class="field">
          <label for="delivery-until">Until</label>
          <input
            id="delivery-until"
            type="datetime-local"
            value={filters.until}
            onChange={setFilter('until')}
          />
        </div>
      </form>
      <p class="visually-hidden" aria-live="polite">
        {newCount ? `${newCount} new deliveries` : ''}
      </p>
      <ErrorNotice error={deliveries.error} title="Could not load the deliveries." />
      {!deliveries.data && !deliveries.error && <Loading />}
      {deliveries.data?.length === 0 && (
        <EmptyState>
          {page === 0 && !Object.values(filters).some(Boolean)
            ? 'Nothing delivered yet. Deliveries appear here as events arrive.'
            : 'No deliveries match.'}
        </EmptyState>
      )}
      {!!deliveries.data?.length && (
        <div class="table-wrap">
          <table class="table" aria-label="Deliveries">
            <thead>
              <tr>
                <th scope="col">Created</th>
                <th scope="col">Event</th>
                <th scope="col">Status</th>
                <th scope="col">Attempts</th>
                <th scope="col">Last response</th>
                <th scope="col">
                  <span class="visually-hidden">Details</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {deliveries.data.map((delivery) => (
                <tr key={delivery.id}>
                  <td title={delivery.createdAt}>{formatTime(delivery.createdAt)}</td>
                  <td>{delivery.eventType}</td>
                  <td>
                    <StatusBadge status={delivery.status} />
                  </td>
                  <td>{delivery.attempts}</td>
                  <td>{delivery.lastResponseStatus ?? '–'}</td>
                  <td>
                    <a href={`/webhooks/${webhookId}/deliveries/${delivery.id}`}>
                      Attempts
                      <span class="visually-hidden">
                        {' '}
                        of the {delivery.eventType} delivery {formatTime(delivery.createdAt)}
                      </span>
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div class="pager">
        <button type="button" class="button" disabled={page === 0} onClick={() => setCursors([undefined])}>
          Newest
        </button>
        <button
          type="button"
          class="button"
          disabled={page === 0}
          onClick={() => setCursors(cursors.slice(0, -1))}
        >
          Newer
        </button>
        <span class="muted">Page {page + 1}</span>
        <button type="button" class="button" disabled={!next} onClick={() => setCursors([...cursors, next])}>
          Older
        </button>
      </div>
    </section>
  );
}
