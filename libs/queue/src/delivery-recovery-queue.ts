import { BullModule, InjectQueue } from '@nestjs/bullmq';
import { Injectable, Module } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { DeliveryRecoveryJobData } from './delivery-job';
import { DELIVERY_RECOVERIES_QUEUE } from './names';
import { QueueModule } from './queue.module';

/**
 * How often a recovery job runs again after an error (PostgreSQL or Redis unreachable), with
 * exponential backoff from 1 s: about 17 minutes in all. Each run resumes where the last stopped.
 */
const RECOVERY_JOB_ATTEMPTS = 10;

/** The producer of recovery jobs: one per recovery, run by a worker in the background. */
@Injectable()
export class DeliveryRecoveryQueue {
  constructor(
    @InjectQueue(DELIVERY_RECOVERIES_QUEUE) private readonly queue: Queue<DeliveryRecoveryJobData>,
  ) {}

  /** Queues the recovery; its id is the job's, so queuing it again while it waits is a no-op. */
  async add(recoveryId: string): Promise<void> {
    await this.queue.add(
      'recover',
      { recoveryId },
      {
        jobId: `recovery.${recoveryId}`,
        attempts: RECOVERY_JOB_ATTEMPTS,
        backoff: { type: 'exponential', delay: 1000 },
        removeOnComplete: true,
        removeOnFail: { age: 7 * 24 * 3600 },
      },
    );
  }
}

/** DeliveryRecoveryQueue, and the queue itself for the worker's processor. */
@Module({
  imports: [QueueModule, BullModule.registerQueue({ name: DELIVERY_RECOVERIES_QUEUE })],
  providers: [DeliveryRecoveryQueue],
  exports: [DeliveryRecoveryQueue, BullModule],
})
export class DeliveryRecoveryQueueModule {}
