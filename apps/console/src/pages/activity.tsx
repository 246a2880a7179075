import { EVENT_TYPES } from '@hookyard/events/event-types';
import { useEffect, useRef, useState } from 'preact/hooks';
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
import {
  DataTable,
  DateTimeField,
  EmptyState,
  ErrorNotice,
  Loading,
  LoadMore,
  PageHeader,
  SelectField,
  TextField,
} from '../components/ui';
import { formatTime, isoToLocalInput, localInputToIso } from '../format';
import { ListingPage, useDebounced, usePagedListing } from '../hooks';
import { useSession } from '../session';

const PAGE_SIZE = 50;

async function loadPage(filters: ActivityFilters, pageStart?: string): Promise<ListingPage<ActivityEvent>> {
  const answer = await request<{ events: ActivityEvent[] }>(
    'GET',
    activityRequest(filters, PAGE_SIZE, pageStart),
  );
  return { items: answer.data.events, next: answer.headers.get('X-Next-Page-Start') ?? undefined };
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
  // A link to this page while on it (the menu's, a repository's) brings its own filters: the page
  // stays mounted, so take them. The address's later changes are this page's own (replaceState).
  const firstUrl = useRef(location.url);
  useEffect(() => {
    if (location.url !== firstUrl.current) setFilters(filtersFromQuery(location.query));
  }, [location.url]);
  const settled = useDebounced(filters, 250);
  const listing = usePagedListing((pageStart) => loadPage(settled, pageStart), Object.values(settled));
  const firstPage = listing.first;

  useEffect(() => {
    history.replaceState(history.state, '', activityAddress(settled));
  }, Object.values(settled));

  const setTo = (name: keyof ActivityFilters) => (value: string) => setFilters({ ...filters, [name]: value });
  const setTime = (name: 'after' | 'before') => (value: string) => setTo(name)(localInputToIso(value) ?? '');
  const rows = listing.items;
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
        <TextField
          id="activity-namespace"
          label="Namespace"
          value={filters.namespace}
          error={fieldError(error, 'namespace')}
          onValue={setTo('namespace')}
        />
        <TextField
          id="activity-repository"
          label="Repository"
          placeholder="with its namespace"
          value={filters.repository}
          onValue={setTo('repository')}
        />
        <TextField id="activity-actor" label="Actor" value={filters.actor} onValue={setTo('actor')} />
        <DateTimeField
          id="activity-after"
          label="Published after"
          value={isoToLocalInput(filters.after)}
          onValue={setTime('after')}
        />
        <DateTimeField
          id="activity-before"
          label="Published before"
          value={isoToLocalInput(filters.before)}
          onValue={setTime('before')}
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
      {!error && <LoadMore next={listing.next} loadMore={listing.loadMore} />}
    </>
  );
}
