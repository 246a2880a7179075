import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull, Repository } from 'typeorm';
import { DeliveryRecoveryItem } from './delivery-recovery-item.entity';
import { DeliveryRecovery } from './delivery-recovery.entity';

/** What a new recovery is: which webhook's failures since when, asked by whom, and its bounds. */
export interface DeliveryRecoveryRequest {
  id: string;
  subscriptionId: string;
  since: Date;
  requestedBy: string;
  /** The most deliveries it sends again; more failed messages leave it `truncated`. */
  limit: number;
  /** A recovery still queuing whose last progress is older than this has stalled (its worker is gone). */
  stalledAfterMs: number;
}

/** A new recovery, or the one of the same webhook still queuing (one at a time). */
export type DeliveryRecoveryStart = { started: DeliveryRecovery } | { inProgress: DeliveryRecovery };

/** Where a recovery's deliveries are: not yet queued, then by the status of the delivery sending each again. */
export interface DeliveryRecoveryProgress {
  recovery: DeliveryRecovery;
  waiting: number;
  pending: number;
  succeeded: number;
  failed: number;
  skipped: number;
  /** Queued without being sent: its event was no longer in the delivery log (pruned meanwhile). */
  unsent: number;
}

/** A queued item: its position and the delivery sending it again. */
export interface QueuedRecoveryItem {
  position: number;
  redeliveryId: string;
}

/**
 * Recoveries of failed deliveries: the gateway chooses the failed messages and reads progress;
 * a worker reads the items in order and marks them queued chunk by chunk.
 */
@Injectable()
export class DeliveryRecoveryRepository {
  private readonly recoveries: Repository<DeliveryRecovery>;
  private readonly items: Repository<DeliveryRecoveryItem>;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    this.recoveries = dataSource.getRepository(DeliveryRecovery);
    this.items = dataSource.getRepository(DeliveryRecoveryItem);
  }

  /**
   * Starts a recovery unless one of the webhook's is still queuing, in one transaction: its items
   * are the webhook's messages (webhook-ids) whose most recently updated delivery, updated since
   * `since`, failed (its last attempt failed or it was refused) or was skipped after failed
   * attempts (the webhook was turned off meanwhile), oldest failure first, at most `limit`.
   * A recovery with nothing to send is `queued` at once.
   */
  start(request: DeliveryRecoveryRequest): Promise<DeliveryRecoveryStart> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(
        `UPDATE delivery_recoveries
            SET state = 'stopped', stopped_reason = 'stalled: its worker made no progress'
          WHERE subscription_id = $1 AND state = 'queuing'
            AND updated_at < now() - make_interval(secs => $2)`,
        [request.subscriptionId, request.stalledAfterMs / 1000],
      );
      const [inserted] = (await manager.query(
        `INSERT INTO delivery_recoveries (id, subscription_id, since, requested_by, total, truncated, state)
         VALUES ($1, $2, $3, $4, 0, false, 'queuing')
         ON CONFLICT (subscription_id) WHERE state = 'queuing' DO NOTHING
         RETURNING id`,
        [request.id, request.subscriptionId, request.since, request.requestedBy],
      )) as Array<{ id: string }>;
      if (!inserted) {
        const inProgress = await manager
          .getRepository(DeliveryRecovery)
          .findOneByOrFail({ subscriptionId: request.subscriptionId, state: 'queuing' });
        return { inProgress };
      }
      const [{ total, found }] = (await manager.query(
        `WITH latest AS (
           SELECT DISTINCT ON (webhook_id) id, event_id, event_type, webhook_id, status, attempts, updated_at
             FROM deliveries
            WHERE subscription_id = $2 AND updated_at >= $3
            ORDER BY webhook_id, updated_at DESC, id DESC
         ), failed AS (
           SELECT row_number() OVER (ORDER BY updated_at, id) AS position, *
             FROM latest
            WHERE status = 'failed' OR (status = 'skipped' AND attempts > 0)
            ORDER BY updated_at, id
            LIMIT $4 + 1
         ), inserted AS (
           INSERT INTO delivery_recovery_items (recovery_id, position, delivery_id, event_id, event_type, webhook_id)
           SELECT $1, position, id, event_id, event_type, webhook_id FROM failed WHERE position <= $4
           RETURNING 1
         )
         SELECT (SELECT count(*) FROM inserted)::int AS total, (SELECT count(*) FROM failed)::int AS found`,
        [request.id, request.subscriptionId, request.since, request.limit],
      )) as Array<{ total: number; found: number }>;
      await manager.query(
        `UPDATE delivery_recoveries
            SET total = $2, truncated = $3, state = CASE WHEN $2 = 0 THEN 'queued' ELSE state END
          WHERE id = $1`,
        [request.id, total, found > total],
      );
      return { started: await manager.getRepository(DeliveryRecovery).findOneByOrFail({ id: request.id }) };
    });
  }

  findById(id: string): Promise<DeliveryRecovery | null> {
    return this.recoveries.findOneBy({ id });
  }

  /** A recovery of this webhook's (null for another's), with where its deliveries are. */
  async findProgress(subscriptionId: string, id: string): Promise<DeliveryRecoveryProgress | null> {
    const recovery = await this.recoveries.findOneBy({ id, subscriptionId });
    if (!recovery) return null;
    const [counts] = (await this.dataSource.query(
      `SELECT count(*) FILTER (WHERE i.redelivery_id IS NULL)::int AS waiting,
              count(*) FILTER (WHERE d.status = 'pending')::int AS pending,
              count(*) FILTER (WHERE d.status = 'succeeded')::int AS succeeded,
              count(*) FILTER (WHERE d.status = 'failed')::int AS failed,
              count(*) FILTER (WHERE d.status = 'skipped')::int AS skipped,
              count(*) FILTER (WHERE i.redelivery_id IS NOT NULL AND d.id IS NULL)::int AS unsent
         FROM delivery_recovery_items i LEFT JOIN deliveries d ON d.id = i.redelivery_id
        WHERE i.recovery_id = $1`,
      [id],
    )) as Array<Omit<DeliveryRecoveryProgress, 'recovery'>>;
    return { recovery, ...counts };
  }

  /** The next `limit` items not yet queued, in order. */
  nextItems(recoveryId: string, limit: number): Promise<DeliveryRecoveryItem[]> {
    return this.items.find({
      where: { recoveryId, redeliveryId: IsNull() },
      order: { position: 'ASC' },
      take: limit,
    });
  }

  /** Items were queued as these deliveries; the recovery made progress. */
  async markQueued(recoveryId: string, queued: readonly QueuedRecoveryItem[]): Promise<void> {
    await this.dataSource.query(
      `WITH marked AS (
         UPDATE delivery_recovery_items i SET redelivery_id = m.redelivery_id
           FROM unnest($2::int[], $3::uuid[]) AS m(position, redelivery_id)
          WHERE i.recovery_id = $1 AND i.position = m.position
          RETURNING 1)
       UPDATE delivery_recoveries SET updated_at = now() WHERE id = $1`,
      [recoveryId, queued.map((item) => item.position), queued.map((item) => item.redeliveryId)],
    );
  }

  /** Every item was queued. */
  async finishQueuing(recoveryId: string): Promise<void> {
    await this.recoveries.update({ id: recoveryId, state: 'queuing' }, { state: 'queued' });
  }

  /** Ends a recovery still queuing, saying why. */
  async stop(recoveryId: string, reason: string): Promise<void> {
    await this.recoveries.update(
      { id: recoveryId, state: 'queuing' },
      { state: 'stopped', stoppedReason: reason },
    );
  }

  /** Deletes the recoveries (with their items) made before `cutoff`, as the delivery log is pruned. */
  async pruneBefore(cutoff: Date): Promise<number> {
    const [, deleted] = (await this.dataSource.query(
      `DELETE FROM delivery_recoveries WHERE created_at < $1 AND state <> 'queuing'`,
      [cutoff],
    )) as [unknown, number];
    return deleted;
  }
}
