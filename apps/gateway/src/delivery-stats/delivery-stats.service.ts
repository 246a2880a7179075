import { Account, DeliveryStatsRepository } from '@hookyard/persistence';
import { Injectable } from '@nestjs/common';
import { SubscriptionOverviewService } from '../subscription-overview/subscription-overview.service';
import { DeliveryStatsResponse, MinuteStats, StatusCounts } from './dtos';

const MINUTE = 60_000;
const emptyCounts = (): StatusCounts => ({ succeeded: 0, failed: 0, pending: 0, skipped: 0 });

/** Deliveries per minute, failure rate and the most failing endpoints, over what the caller administers. */
@Injectable()
export class DeliveryStatsService {
  constructor(
    private readonly repository: DeliveryStatsRepository,
    private readonly overview: SubscriptionOverviewService,
  ) {}

  async stats(account: Account, minutes: number, now = new Date()): Promise<DeliveryStatsResponse> {
    const firstMinute = Math.floor(now.getTime() / MINUTE) * MINUTE - (minutes - 1) * MINUTE;
    const since = new Date(firstMinute);
    const ids = await this.overview.administeredIds(account);
    const [counts, failing] =
      ids?.length === 0
        ? [[], []]
        : await Promise.all([
            this.repository.perMinute(since, ids),
            this.repository.mostFailing(since, ids, 5),
          ]);
    const perMinute: MinuteStats[] = Array.from({ length: minutes }, (_, index) => ({
      minute: new Date(firstMinute + index * MINUTE).toISOString(),
      ...emptyCounts(),
    }));
    const totals = emptyCounts();
    for (const { minute, status, count } of counts) {
      const bucket = perMinute[Math.round((new Date(minute).getTime() - firstMinute) / MINUTE)];
      if (bucket) bucket[status] += count;
      totals[status] += count;
    }
    const finished = totals.succeeded + totals.failed;
    return {
      since: since.toISOString(),
      until: now.toISOString(),
      perMinute,
      totals,
      failureRate: finished ? totals.failed / finished : null,
      failingEndpoints: failing,
    };
  }
}
