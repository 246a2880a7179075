import { get, query } from '../api';
import { DeliveriesChart } from '../components/bar-chart';
import { ErrorNotice, Loading, PageHeader } from '../components/ui';
import { API_NAMES, percent } from '../format';
import { useAsync, usePolling } from '../hooks';
import type { DeliveryStats } from '../types';

export function HomePage() {
  const stats = useAsync(() => get<DeliveryStats>(`/api/v0/delivery_stats${query({ minutes: 60 })}`), []);
  usePolling(stats.reload, 10_000);
  const data = stats.data;
  const total = data
    ? data.totals.succeeded + data.totals.failed + data.totals.pending + data.totals.skipped
    : 0;
  return (
    <>
      <PageHeader title="At a glance">
        <a class="button button-primary" href="/webhooks/new">
          New webhook
        </a>
      </PageHeader>
      <ErrorNotice error={stats.error} title="Could not load the delivery statistics." />
      {!data && !stats.error && <Loading />}
      {data && (
        <>
          <section aria-label="Last hour" class="stat-cards">
            <div class="card stat">
              <span class="stat-value">{total}</span>
              <span class="stat-label">deliveries in the last hour</span>
            </div>
            <div class="card stat">
              <span class="stat-value">{(total / 60).toFixed(1)}</span>
              <span class="stat-label">per minute on average</span>
            </div>
            <div class="card stat">
              <span class={`stat-value ${data.failureRate ? 'stat-bad' : ''}`}>
                {percent(data.failureRate)}
              </span>
              <span class="stat-label">failure rate (failed of finished)</span>
            </div>
            <div class="card stat">
              <span class="stat-value">{data.totals.pending}</span>
              <span class="stat-label">still retrying</span>
            </div>
          </section>
          <section class="card" aria-labelledby="per-minute">
            <h2 id="per-minute">Deliveries per minute</h2>
            <DeliveriesChart bars={data.perMinute} />
          </section>
          <section class="card" aria-labelledby="failing">
            <h2 id="failing">Most failing endpoints</h2>
            {data.failingEndpoints.length === 0 ? (
              <p class="empty">No failed deliveries in the last hour.</p>
            ) : (
              <table class="table">
                <thead>
                  <tr>
                    <th scope="col">Endpoint</th>
                    <th scope="col">API</th>
                    <th scope="col">Repository</th>
                    <th scope="col">Failing</th>
                  </tr>
                </thead>
                <tbody>
                  {data.failingEndpoints.map((row) => (
                    <tr key={row.subscriptionId}>
                      <td class="cell-endpoint">
                        {row.api ? (
                          <a href={`/webhooks/${row.subscriptionId}`}>{row.endpoint}</a>
                        ) : (
                          '(deleted webhook)'
                        )}
                      </td>
                      <td>{row.api ? API_NAMES[row.api] : '–'}</td>
                      <td>{row.key || 'every repository'}</td>
                      <td>
                        {row.failures} of {row.total}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        </>
      )}
    </>
  );
}
