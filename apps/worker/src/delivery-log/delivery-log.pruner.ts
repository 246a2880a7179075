import { HOOKYARD_CONFIG, HookyardConfig } from '@hookyard/config';
import { DeliveryLogRepository, DeliveryRecoveryRepository, RetentionPruner } from '@hookyard/persistence';
import { Inject, Injectable } from '@nestjs/common';

/**
 * Deletes deliveries last updated before DELIVERY_LOG_RETENTION with their attempts and the events
 * they store (DeliveryLogRepository.pruneBefore), and the recoveries made before then, hourly.
 */
@Injectable()
export class DeliveryLogPruner extends RetentionPruner {
  constructor(
    @Inject(HOOKYARD_CONFIG) config: HookyardConfig,
    private readonly log: DeliveryLogRepository,
    private readonly recoveries: DeliveryRecoveryRepository,
  ) {
    super(config.delivery.logRetentionMs, { log: 'delivery log', rows: 'deliveries' });
  }

  protected async pruneBefore(cutoff: Date): Promise<number> {
    const deliveries = await this.log.pruneBefore(cutoff);
    await this.recoveries.pruneBefore(cutoff);
    return deliveries;
  }
}
