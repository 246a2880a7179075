import type { CanonicalEvent, EventType } from '@hookyard/events';
import type { SubscriptionTargetRow } from '@hookyard/persistence';

/** What matching needs of a subscription, as SubscriptionRepository reads it. */
export type IndexedSubscription = SubscriptionTargetRow;

/**
 * Active subscriptions by event type, for matching in memory: a subscription matches an event of
 * its types when it has no namespace (admin, everything), or the same namespace and either no
 * repository or the same repository.
 */
export class SubscriptionIndex {
  private readonly byId = new Map<string, IndexedSubscription>();
  private byType = new Map<EventType, IndexedSubscription[]>();

  get size(): number {
    return this.byId.size;
  }

  replaceAll(subscriptions: IndexedSubscription[]): void {
    this.byId.clear();
    for (const subscription of subscriptions) this.byId.set(subscription.id, subscription);
    this.rebuild();
  }

  upsert(subscription: IndexedSubscription): void {
    this.byId.set(subscription.id, subscription);
    this.rebuild();
  }

  remove(id: string): void {
    if (this.byId.delete(id)) this.rebuild();
  }

  match(event: CanonicalEvent): IndexedSubscription[] {
    return (this.byType.get(event.type) ?? []).filter(
      (subscription) =>
        subscription.namespace === null ||
        (subscription.namespace === event.namespace &&
          (subscription.repository === null || subscription.repository === event.repository)),
    );
  }

  private rebuild(): void {
    const byType = new Map<EventType, IndexedSubscription[]>();
    for (const subscription of this.byId.values()) {
      for (const type of subscription.eventTypes) {
        const list = byType.get(type) ?? [];
        list.push(subscription);
        byType.set(type, list);
      }
    }
    this.byType = byType;
  }
}
