import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { anyDeliveryStatus, DELIVERY_STATUSES, DeliveryStatus } from './delivery.entity';

export interface MinuteCount {
  minute: Date;
  status: DeliveryStatus;
  count: number;
}

export interface FailingSubscription {
  subscriptionId: string;
  api: string | null;
  key: string | null;
  endpoint: string | null;
  failures: number;
  total: number;
}

/**
 * Aggregates of the delivery log over a recent window, on the indexes the log already has (no
 * new write on the delivery path): every subscription through `updated_at` (a delivery updated
 * before the window's start was also created before it), some through `(subscription_id, status,
 * created_at)`, one range per subscription and status from the window's start (anyDeliveryStatus).
 */
@Injectable()
export class DeliveryStatsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Deliveries created since `since` per minute and status; `subscriptionIds` null: every subscription. */
  async perMinute(since: Date, subscriptionIds: string[] | null): Promise<MinuteCount[]> {
    const [where, parameters] = this.scope(since, subscriptionIds);
    const rows = (await this.dataSource.query(
      `SELECT date_trunc('minute', d.created_at) AS minute, d.status, count(*)::int AS count
         FROM deliveries d WHERE ${where} GROUP BY 1, 2 ORDER BY 1`,
      parameters,
    )) as Array<{ minute: Date; status: string; count: number }>;
    return rows.filter((row): row is MinuteCount => DELIVERY_STATUSES.includes(row.status as DeliveryStatus));
  }

  /** Subscriptions with failed deliveries (retries exhausted, or failing and still retrying), most first. */
  async mostFailing(
    since: Date,
    subscriptionIds: string[] | null,
    limit: number,
  ): Promise<FailingSubscription[]> {
    const [where, parameters] = this.scope(since, subscriptionIds);
    return (await this.dataSource.query(
      `SELECT f.subscription_id AS "subscriptionId", s.api, s.key, s.endpoint, f.failures, f.total
         FROM (SELECT d.subscription_id,
                      count(*) FILTER (WHERE d.status = 'failed' OR (d.status = 'pending' AND d.attempts > 0))::int AS failures,
                      count(*)::int AS total
                 FROM deliveries d WHERE ${where} GROUP BY d.subscription_id) f
         LEFT JOIN subscriptions s ON s.id = f.subscription_id
        WHERE f.failures > 0
        ORDER BY f.failures DESC, f.total DESC
        LIMIT ${Math.trunc(limit)}`,
      parameters,
    )) as FailingSubscription[];
  }

  private scope(since: Date, subscriptionIds: string[] | null): [string, unknown[]] {
    const iso = since.toISOString();
    return subscriptionIds === null
      ? ['d.updated_at >= $1 AND d.created_at >= $1', [iso]]
      : [
          `d.subscription_id = ANY($2) AND ${anyDeliveryStatus('d')} AND d.created_at >= $1`,
          [iso, subscriptionIds],
        ];
  }
}
