import { EVENT_TYPES } from '@hookyard/events/event-types';
import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { fieldError, formError, request } from '../api';
import {
  ActivityEvent,
  activityAddress,
  ActivityFilters,
  activityRequest,
  eventPlace,
  eventSummary,
  filtersFromQuery,
} from '../activity';
import { DataTable, EmptyState, ErrorNotice, Loading, PageHeader, SelectField } from '../components/ui';
import { formatTime, isoToLocalInput, localInputToIso } from '../format';
import { useAction, useAsync, useDebounced } from '../hooks';
import { useSession } from '../session';

const PAGE_SIZE = 50;

interface Page {
  events: ActivityEvent[];
  next?: string;
}

async function loadPage(filters: ActivityFilters, pageStart?: string): Promise<Page> {
  const answer = await request<{ events: ActivityEvent[] }>(
    'GET',
    activityRequest(filters, PAGE_SIZE, pageStart),
  );
  return { events: answer.data.events, next: answer.headers.get('X-Next-Page-Start') ?? undefined };
}

function TextFilter(props: {
  id: string;
  label: string;
  value: string;
  placeholder?: string;
  error?: string;
  onValue: (value: string) => void;
}) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <input
        id={props.id}
        value={props.value}
        placeholder={props.placeholder}
        aria-invalid={Boolean(props.error)}
        aria-describedby={props.error ? `${props.id}-error` : undefined}
        onInput={(event) => props.onValue(event.currentTarget.value)}
      />
      {props.error && (
        <p class="field-error" id={`${props.id}-error`} role="alert">
          {props.error}
        </p>
      )}
    </div>
  );
}

function TimeFilter(props: { id: string; label: string; value: string; onValue: (iso: string) => void }) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <input
        id={props.id}
        type="datetime-local"
        value={isoToLocalInput(props.value)}
        onChange={(event) => props.onValue(localInputToIso(event.currentTarget.value) ?? '')}
      />
    </div>
  );
}

/**
 * The activity stream (DTR's Get Events), newest first: everything for system admins, the events
 * of the repositories they may read for everyone else. The filters live in the address, as the
 * webhook list's do.
 */
export function ActivityPage() {
  const { account } = useSession();
  const location = useLocation();
  const [filters, setFilters] = useState<ActivityFilters>(() => filtersFromQuery(location.query));
  const settled = useDebounced(filters, 250);
  const [more, setMore] = useState<Page>({ events: [] });

  const firstPage = useAsync(async () => {
    const page = await loadPage(settled);
    setMore({ events: [], next: page.next });
    return page.events;
  }, Object.values(settled));
  const loadMore = useAction(async () => {
    const page = await loadPage(settled, more.next);
    setMore({ events: [...more.events, ...page.events], next: page.next });
  });

  useEffect(() => {
    history.replaceState(history.state, '', activityAddress(settled));
  }, Object.values(settled));

  const setTo = (name: keyof ActivityFilters) => (value: string) => setFilters({ ...filters, [name]: value });
  const rows = [...(firstPage.data ?? []), ...more.events];
  const filtered = Object.values(settled).some(Boolean);
  const error = firstPage.error;

  return (
    <>
      <PageHeader title="Activity" />
      <p class="lead">
        {account.isAdmin
          ? 'Everything that happened in the registry, newest first.'
          : 'What happened in the repositories you have access to, newest first.'}
      </p>
      <form class="filters" role="search" aria-label="Filter activity" onSubmit={(e) => e.preventDefault()}>
        <SelectField
          id="activity-type"
          label="Event type"
          value={filters.type}
          options={EVENT_TYPES.map((type) => [type, type] as const)}
          onValue={setTo('type')}
        />
        <TextFilter
          id="activity-namespace"
          label="Namespace"
          value={filters.namespace}
          error={fieldError(error, 'namespace')}
          onValue={setTo('namespace')}
        />
        <TextFilter
          id="activity-repository"
          label="Repository"
          placeholder="with its namespace"
          value={filters.repository}
          onValue={setTo('repository')}
        />
        <TextFilter id="activity-actor" label="Actor" value={filters.actor} onValue={setTo('actor')} />
        <TimeFilter
          id="activity-after"
          label="Published after"
          value={filters.after}
          onValue={setTo('after')}
        />
        <TimeFilter
          id="activity-before"
          label="Published before"
          value={filters.before}
          onValue={setTo('before')}
        />
      </form>
      <ErrorNotice error={formError(error, ['namespace'])} title="Could not load the activity." />
      {firstPage.loading && !firstPage.data && <Loading />}
      {firstPage.data && !error && rows.length === 0 && (
        <EmptyState>{filtered ? 'No event matches these filters.' : 'Nothing happened yet.'}</EmptyState>
      )}
      {rows.length > 0 && !error && (
        <DataTable framed label="Events" columns={['Published', 'Event', 'Where', 'Actor', 'What']}>
          {rows.map((event) => (
            <tr key={event.id}>
              <td title={event.publishedAt}>{formatTime(event.publishedAt)}</td>
              <td>{event.type}</td>
              <td>{eventPlace(event)}</td>
              <td>{event.actor || <span class="muted">unknown</span>}</td>
              <td class="cell-event">
                <span class="mono small">{eventSummary(event.contents)}</span>
                <details>
                  <summary>
                    Contents<span class="visually-hidden"> of the {event.type} event</span>
                  </summary>
                  <pre class="code" tabIndex={0} aria-label={`Contents of the ${event.type} event`}>
                    {JSON.stringify(event.contents, null, 2)}
                  </pre>
                </details>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      <ErrorNotice error={loadMore.error} title="Could not load more." />
      {more.next && !error && (
        <button type="button" class="button" disabled={loadMore.busy} onClick={() => void loadMore.run()}>
          {loadMore.busy ? 'Loading…' : 'Load more'}
        </button>
      )}
    </>
  );
}
