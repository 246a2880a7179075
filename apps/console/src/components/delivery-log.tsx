import { useEffect, useState } from 'preact/hooks';
import { lostAccess, query, request, segment } from '../api';
import { localInputToIso, formatTime } from '../format';
import { useAsync, usePolling } from '../hooks';
import type { Delivery } from '../types';
import {
  DataTable,
  DateTimeField,
  EmptyState,
  ErrorNotice,
  Loading,
  SelectField,
  STATUS_LABELS,
  StatusBadge,
} from './ui';

const PAGE_SIZE = 25;
const LIVE_INTERVAL_MS = 2000;

interface Filters {
  status: string;
  eventType: string;
  since: string;
  until: string;
}

/** What the rows say, to notice a change between two refreshes. */
const fingerprint = (deliveries: Delivery[]) =>
  deliveries.map((d) => `${d.id}:${d.status}:${d.attempts}`).join(',');

/**
 * A webhook's deliveries, newest first, a page at a time (keyset paging: as fast on page 400 as on
 * page 1). The first page refreshes itself every two seconds, so new deliveries and status changes
 * show up without a reload; `onChange` hears of them (the webhook's health changes with them) and
 * of a refresh refused because the webhook is gone or no longer the user's to see.
 */
export function DeliveryLog({
  webhookId,
  eventTypes,
  onChange,
}: {
  webhookId: string;
  eventTypes: string[];
  onChange?: () => void;
}) {
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

  const gone = lostAccess(deliveries.error);
  const live = page === 0 && !filters.until && !gone;
  usePolling(deliveries.reload, LIVE_INTERVAL_MS, live);

  // Announce arrivals (screen readers) without moving focus; tell the page what changed.
  const [seen, setSeen] = useState<Set<string>>(new Set());
  const [lastFingerprint, setLastFingerprint] = useState<string>();
  useEffect(() => {
    if (!deliveries.data) return;
    const ids = deliveries.data.map((delivery) => delivery.id);
    const fresh = seen.size ? ids.filter((id) => !seen.has(id)).length : 0;
    if (fresh) setNewCount(fresh);
    setSeen(new Set(ids));
    const now = fingerprint(deliveries.data);
    if (lastFingerprint !== undefined && now !== lastFingerprint) onChange?.();
    setLastFingerprint(now);
  }, [deliveries.data]);
  useEffect(() => {
    if (gone) onChange?.();
  }, [gone]);
  const rows = gone ? undefined : deliveries.data;

  const setFilter = (name: keyof Filters) => (value: string) => {
    setFilters({ ...filters, [name]: value });
    setCursors([undefined]);
  };

  return (
    <section class="card" aria-labelledby="deliveries-title">
      <div class="section-header">
        <h2 id="deliveries-title">Deliveries</h2>
        <span class={`live ${live ? 'live-on' : ''}`}>
          {live
            ? 'Live'
            : gone
              ? 'Stopped'
              : page > 0
                ? 'Paused while browsing older pages'
                : 'Paused while an end time is set'}
        </span>
      </div>
      <form class="filters" aria-label="Filter deliveries" onSubmit={(event) => event.preventDefault()}>
        <SelectField
          id="delivery-status"
          label="Status"
          value={filters.status}
          options={Object.entries(STATUS_LABELS)}
          onValue={setFilter('status')}
        />
        {eventTypes.length > 1 && (
          <SelectField
            id="delivery-type"
            label="Event type"
            value={filters.eventType}
            options={eventTypes.map((type) => [type, type] as const)}
            onValue={setFilter('eventType')}
          />
        )}
        <DateTimeField id="delivery-since" label="From" value={filters.since} onValue={setFilter('since')} />
        <DateTimeField id="delivery-until" label="Until" value={filters.until} onValue={setFilter('until')} />
      </form>
      <p class="visually-hidden" aria-live="polite">
        {newCount ? `${newCount} new deliveries` : ''}
      </p>
      <ErrorNotice error={deliveries.error} title="Could not load the deliveries." />
      {!deliveries.data && !deliveries.error && <Loading />}
      {rows?.length === 0 && (
        <EmptyState>
          {page === 0 && !Object.values(filters).some(Boolean)
            ? 'Nothing delivered yet. Deliveries appear here as events arrive.'
            : 'No deliveries match.'}
        </EmptyState>
      )}
      {!!rows?.length && (
        <DataTable
          framed
          label="Deliveries"
          columns={['Created', 'Event', 'Status', 'Attempts', 'Last response']}
          actionsLabel="Details"
        >
          {rows.map((delivery) => (
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
        </DataTable>
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
