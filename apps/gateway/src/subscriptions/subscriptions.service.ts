import { generateSigningSecret } from '@hookyard/delivery';
import type { EventType, SubscriptionApi } from '@hookyard/events';
import { Account, Subscription } from '@hookyard/persistence';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { FindOptionsWhere, Repository } from 'typeorm';
import { SubscriptionChangePublisher } from '@hookyard/queue';

export interface NewSubscription {
  api: SubscriptionApi;
  eventTypes: EventType[];
  namespace: string | null;
  repository: string | null;
  key: string | null;
  endpoint: string;
  tlsCert?: string;
  skipTlsVerification?: boolean;
  /** The API's own signing secret (Alauda); otherwise a `whsec_` secret is generated. */
  secret?: string;
  apiFields?: Record<string, unknown>;
}

/** The one subscription store behind every API: writes here always notify the dispatchers. */
@Injectable()
export class SubscriptionsService {
  constructor(
    @InjectRepository(Subscription) private readonly subscriptions: Repository<Subscription>,
    private readonly changes: SubscriptionChangePublisher,
  ) {}

  async create(author: Account, input: NewSubscription): Promise<Subscription> {
    const subscription = this.subscriptions.create({
      id: randomBytes(32).toString('hex'),
      api: input.api,
      eventTypes: input.eventTypes,
      namespace: input.namespace,
      repository: input.repository,
      key: input.key,
      endpoint: input.endpoint,
      authorId: author.id,
      tlsCert: input.tlsCert ?? '',
      skipTlsVerification: input.skipTlsVerification ?? false,
      secret: input.secret ?? generateSigningSecret(),
      apiFields: input.apiFields ?? {},
      lastSuccessfulAt: null,
      inactive: false,
      consecutiveFailures: 0,
    });
    const saved = await this.subscriptions.save(subscription);
    await this.changes.changed(saved.id);
    return saved;
  }

  findOne(api: SubscriptionApi, id: string): Promise<Subscription | null> {
    return this.subscriptions.findOneBy({ api, id });
  }

  /** Newest last, as DTR lists them. */
  list(api: SubscriptionApi, where: FindOptionsWhere<Subscription> = {}) {
    return this.subscriptions.find({ where: { ...where, api }, order: { createdAt: 'ASC' } });
  }

  async update(subscription: Subscription, changes: Partial<Subscription>): Promise<Subscription> {
    Object.assign(subscription, changes);
    const saved = await this.subscriptions.save(subscription);
    await this.changes.changed(saved.id);
    return saved;
  }

  async remove(subscription: Subscription): Promise<void> {
    const id = subscription.id;
    await this.subscriptions.delete({ id });
    await this.changes.changed(id);
  }
}
