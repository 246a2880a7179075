import { EVENT_TYPES } from '@hookyard/events/event-types';
import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { query, request } from '../api';
import {
  DataTable,
  EmptyState,
  ErrorNotice,
  HealthBadge,
  Loading,
  PageHeader,
  SelectField,
} from '../components/ui';
import { API_NAMES, describeKey, formatTime } from '../format';
import { useAsync, useDebounced } from '../hooks';
import type { Subscription } from '../types';

interface Filters {
  q: string;
  api: string;
  type: string;
  repository: string;
  health: string;
}

const PAGE_SIZE = 50;
const HEALTH_OPTIONS = [
  ['healthy', 'Healthy'],
  ['failing', 'Failing'],
  ['inactive', 'Inactive'],
] as const;

export function WebhooksPage() {
  const location = useLocation();
  const [filters, setFilters] = useState<Filters>({
    q: location.query.q ?? '',
    api: location.query.api ?? '',
    type: location.query.type ?? '',
    repository: location.query.repository ?? '',
    health: location.query.health ?? '',
  });
  const settled = useDebounced(filters, 250);
  const [more, setMore] = useState<{ rows: Subscription[]; next?: string }>({ rows: [] });

  const firstPage = useAsync(async () => {
    const page = await request<Subscription[]>(
      'GET',
      `/api/v0/subscriptions${query({ ...settled, pageSize: PAGE_SIZE })}`,
    );
    setMore({ rows: [], next: page.headers.get('X-Next-Page-Start') ?? undefined });
    return page.data;
  }, [settled.q, settled.api, settled.type, settled.repository, settled.health]);

  const loadMore = async () => {
    const page = await request<Subscription[]>(
      'GET',
      `/api/v0/subscriptions${query({ ...settled, pageSize: PAGE_SIZE, pageStart: more.next })}`,
    );
    setMore({ rows: [...more.rows, ...page.data], next: page.headers.get('X-Next-Page-Start') ?? undefined });
  };

  const setTo = (name: keyof Filters) => (value: string) => setFilters({ ...filters, [name]: value });
  const set = (name: keyof Filters) => (event: Event) =>
    setTo(name)((event.currentTarget as HTMLInputElement).value);
  // The filters live in the address too: back from a webhook, or a shared link, shows the same list.
  useEffect(() => {
    history.replaceState(history.state, '', `/webhooks${query({ ...settled })}`);
  }, [settled.q, settled.api, settled.type, settled.repository, settled.health]);
  const rows = [...(firstPage.data ?? []), ...more.rows];
  const filtered = Object.values(settled).some(Boolean);

  return (
    <>
      <PageHeader title="Webhooks">
        <a class="button button-primary" href="/webhooks/new">
          New webhook
        </a>
      </PageHeader>
      <p class="lead">
        DTR webhooks, Quay notifications and Alauda hooks of the repositories you administer, newest first.
      </p>
      <form
        class="filters"
        role="search"
        aria-label="Filter webhooks"
        onSubmit={(event) => event.preventDefault()}
      >
        <div class="field field-wide">
          <label for="filter-q">Search</label>
          <input
            id="filter-q"
            type="search"
            placeholder="endpoint, repository or name"
            value={filters.q}
            onInput={set('q')}
          />
        </div>
        <div class="field">
          <label for="filter-repository">Repository</label>
          <input
            id="filter-repository"
            placeholder="namespace or namespace/repo"
            value={filters.repository}
            onInput={set('repository')}
          />
        </div>
        <SelectField
          id="filter-type"
          label="Event type"
          value={filters.type}
          options={EVENT_TYPES.map((type) => [type, type] as const)}
          onValue={setTo('type')}
        />
        <SelectField
          id="filter-api"
          label="API"
          value={filters.api}
          options={Object.entries(API_NAMES)}
          onValue={setTo('api')}
        />
        <SelectField
          id="filter-health"
          label="Health"
          value={filters.health}
          options={HEALTH_OPTIONS}
          onValue={setTo('health')}
        />
      </form>
      <ErrorNotice error={firstPage.error} title="Could not load the webhooks." />
      {firstPage.loading && !firstPage.data && <Loading />}
      {firstPage.data && rows.length === 0 && (
        <EmptyState>
          {filtered ? (
            'No webhook matches these filters.'
          ) : (
            <>
              No webhooks yet. <a href="/webhooks/new">Create the first one</a>.
            </>
          )}
        </EmptyState>
      )}
      {rows.length > 0 && (
        <DataTable
          framed
          label="Webhooks"
          columns={['Endpoint', 'Events', 'Repository', 'API', 'Health', 'Last success']}
        >
          {rows.map((webhook) => (
            <tr key={webhook.id}>
              <td class="cell-endpoint">
                <a href={`/webhooks/${webhook.id}`}>{webhook.name || webhook.endpoint}</a>
                {webhook.name && <div class="muted small">{webhook.endpoint}</div>}
              </td>
              <td>
                {webhook.apiEvents.join(', ')}
                {(webhook.tagPattern || webhook.repositoryPattern) && (
                  <div class="muted small">
                    {[
                      webhook.tagPattern && `tags ${webhook.tagPattern}`,
                      webhook.repositoryPattern && `repositories ${webhook.repositoryPattern}`,
                    ]
                      .filter(Boolean)
                      .join(' · ')}
                  </div>
                )}
              </td>
              <td>{describeKey(webhook.key)}</td>
              <td>{API_NAMES[webhook.api]}</td>
              <td>
                <HealthBadge health={webhook.health} />
                {webhook.consecutiveFailures > 0 && (
                  <div class="muted small">{webhook.consecutiveFailures} failed in a row</div>
                )}
              </td>
              <td>{formatTime(webhook.lastSuccessfulAt)}</td>
            </tr>
          ))}
        </DataTable>
      )}
      {more.next && (
        <button type="button" class="button" onClick={() => void loadMore()}>
          Show more
        </button>
      )}
    </>
  );
}
