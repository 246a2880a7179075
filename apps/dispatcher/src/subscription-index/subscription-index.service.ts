import type { CanonicalEvent } from '@hookyard/events';
import { Subscription } from '@hookyard/persistence';
import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { IndexedSubscription, SubscriptionIndex } from './subscription-index';

/** Change messages are fire-and-forget, so the whole index is also reloaded on this period. */
const FULL_RELOAD_MS = 60_000;

@Injectable()
export class SubscriptionIndexService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(SubscriptionIndexService.name);
  private readonly index = new SubscriptionIndex();
  private timer?: NodeJS.Timeout;

  constructor(@InjectRepository(Subscription) private readonly subscriptions: Repository<Subscription>) {}

  async onModuleInit(): Promise<void> {
    await this.reloadAll();
    this.timer = setInterval(
      () => void this.reloadAll().catch((error) => this.logger.warn(error.message)),
      FULL_RELOAD_MS,
    );
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  match(event: CanonicalEvent): IndexedSubscription[] {
    return this.index.match(event);
  }

  async reloadAll(): Promise<void> {
    const active = await this.subscriptions.find({
      where: { inactive: false },
      select: ['id', 'eventTypes', 'namespace', 'repository'],
    });
    this.index.replaceAll(active);
    this.logger.log(`subscription index loaded: ${this.index.size} active`);
  }

  async reload(id: string): Promise<void> {
    const subscription = await this.subscriptions.findOne({
      where: { id },
      select: ['id', 'eventTypes', 'namespace', 'repository', 'inactive'],
    });
    if (!subscription || subscription.inactive) this.index.remove(id);
    else this.index.upsert(subscription);
  }
}
