import { HOOKYARD_CONFIG, HookyardConfig } from '@hookyard/config';
import { DeliveryLogRepository, RetentionPruner } from '@hookyard/persistence';
import { Inject, Injectable } from '@nestjs/common';

/**
 * Deletes deliveries last updated before DELIVERY_LOG_RETENTION with their attempts, then the
 * events no delivery refers to any more (DeliveryLogRepository.pruneBefore), hourly.
 */
@Injectable()
export class DeliveryLogPruner extends RetentionPruner {
  constructor(
    @Inject(HOOKYARD_CONFIG) config: HookyardConfig,
    private readonly log: DeliveryLogRepository,
  ) {
    super(config.delivery.logRetentionMs, { log: 'delivery log', rows: 'deliveries' });
  }

  protected pruneBefore(cutoff: Date): Promise<number> {
    return this.log.pruneBefore(cutoff);
  }
}
