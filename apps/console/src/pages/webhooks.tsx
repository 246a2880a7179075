import { EVENT_TYPES } from '@hookyard/events/event-types';
import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { query, request } from '../api';
import { EmptyState, ErrorNotice, HealthBadge, Loading, PageHeader } from '../components/ui';
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

  const set = (name: keyof Filters) => (event: Event) =>
    setFilters({ ...filters, [name]: (event.currentTarget as HTMLInputElement).value });
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
        <div class="field">
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
        <div class="field">
          <label for="filter-type">Event type</label>
          <select id="filter-type" value={filters.type} onChange={set('type')}>
            <option value="">Any</option>
            {EVENT_TYPES.map((type) => (
              <option key={type} value={type}>
                {type}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="filter-api">API</label>
          <select id="filter-api" value={filters.api} onChange={set('api')}>
            <option value="">Any</option>
            <option value="dtr">DTR</option>
            <option value="quay">Quay</option>
            <option value="alauda">Alauda</option>
          </select>
        </div>
        <div class="field">
          <label for="filter-health">Health</label>
          <select id="filter-health" value={filters.health} onChange={set('health')}>
            <option value="">Any</option>
            <option value="healthy">Healthy</option>
            <option value="failing">Failing</option>
            <option value="inactive">Inactive</option>
          </select>
        </div>
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
        <div class="table-wrap">
          <table class="table" aria-label="Webhooks">
            <thead>
              <tr>
                <th scope="col">Endpoint</th>
                <th scope="col">Events</th>
                <th scope="col">Repository</th>
                <th scope="col">API</th>
                <th scope="col">Health</th>
                <th scope="col">Last success</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((webhook) => (
                <tr key={webhook.id}>
                  <td class="cell-endpoint">
                    <a href={`/webhooks/${webhook.id}`}>{webhook.name || webhook.endpoint}</a>
                    {webhook.name && <div class="muted small">{webhook.endpoint}</div>}
                  </td>
                  <td>{webhook.apiEvents.join(', ')}</td>
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
            </tbody>
          </table>
        </div>
      )}
      {more.next && (
        <button type="button" class="button" onClick={() => void loadMore()}>
          Show more
        </button>
      )}
    </>
  );
}
