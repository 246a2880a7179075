import { compileEventFilter, type CanonicalEvent, type EventFilter, type EventType } from '@hookyard/events';
import type { SubscriptionTargetRow } from '@hookyard/persistence';

/**
 * What matching needs of a subscription, as SubscriptionRepository reads it; of its options only
 * the patterns matter here, and whether its deliveries are ordered (they are queued apart).
 */
export type IndexedSubscription = Omit<SubscriptionTargetRow, 'options'> & {
  options?: Pick<SubscriptionTargetRow['options'], 'tagPattern' | 'repositoryPattern' | 'ordered'>;
};

interface Entry {
  subscription: IndexedSubscription;
  /** The subscription's patterns, compiled once; undefined when it has none. */
  passes?: EventFilter;
}

/** Called with a subscription whose stored pattern does not compile; it then matches nothing. */
export type InvalidFilterHandler = (subscriptionId: string, error: Error) => void;

/** Key of the subscriptions to every namespace (no namespace holds an empty name). */
const EVERYTHING = '';
const targetKey = (namespace: string | null, repository: string | null): string =>
  namespace === null ? EVERYTHING : repository === null ? namespace : `${namespace}/${repository}`;

/**
 * Active subscriptions by event type and target, for matching in memory: an event of a type is
 * looked up under every namespace, its namespace, and its repository (three map reads, whatever
 * the number of subscriptions), and only the subscriptions found there whose patterns (tag,
 * repository) it must pass are checked further, with their patterns compiled when indexed.
 */
export class SubscriptionIndex {
  private readonly byId = new Map<string, Entry>();
  private byTarget = new Map<EventType, Map<string, Entry[]>>();

  constructor(private readonly onInvalidFilter: InvalidFilterHandler = () => undefined) {}

  get size(): number {
    return this.byId.size;
  }

  replaceAll(subscriptions: IndexedSubscription[]): void {
    const previous = new Map(this.byId);
    this.byId.clear();
    for (const subscription of subscriptions) {
      this.byId.set(subscription.id, this.entryOf(subscription, previous.get(subscription.id)));
    }
    this.rebuild();
  }

  upsert(subscription: IndexedSubscription): void {
    this.byId.set(subscription.id, this.entryOf(subscription, this.byId.get(subscription.id)));
    this.rebuild();
  }

  remove(id: string): void {
    if (this.byId.delete(id)) this.rebuild();
  }

  match(event: CanonicalEvent): IndexedSubscription[] {
    const targets = this.byTarget.get(event.type);
    if (!targets) return [];
    const matched: IndexedSubscription[] = [];
    collect(targets.get(EVERYTHING), event, matched);
    if (event.namespace) {
      collect(targets.get(event.namespace), event, matched);
      if (event.repository) collect(targets.get(`${event.namespace}/${event.repository}`), event, matched);
    }
    return matched;
  }

  /** The subscription with its compiled patterns, reusing those of its previous entry when unchanged. */
  private entryOf(subscription: IndexedSubscription, previous: Entry | undefined): Entry {
    const { tagPattern, repositoryPattern } = subscription.options ?? {};
    if (!tagPattern && !repositoryPattern) return { subscription };
    const before = previous?.subscription;
    if (
      previous?.passes &&
      before?.options?.tagPattern === tagPattern &&
      before?.options?.repositoryPattern === repositoryPattern &&
      before?.namespace === subscription.namespace
    ) {
      return { subscription, passes: previous.passes };
    }
    try {
      return {
        subscription,
        passes: compileEventFilter({ tagPattern, repositoryPattern }, subscription.namespace),
      };
    } catch (error) {
      this.onInvalidFilter(subscription.id, error as Error);
      return { subscription, passes: () => false };
    }
  }

  private rebuild(): void {
    const byTarget = new Map<EventType, Map<string, Entry[]>>();
    for (const entry of this.byId.values()) {
      const { eventTypes, namespace, repository } = entry.subscription;
      const key = targetKey(namespace, repository);
      for (const type of eventTypes) {
        let targets = byTarget.get(type);
        if (!targets) byTarget.set(type, (targets = new Map()));
        const entries = targets.get(key);
        if (entries) entries.push(entry);
        else targets.set(key, [entry]);
      }
    }
    this.byTarget = byTarget;
  }
}

function collect(entries: Entry[] | undefined, event: CanonicalEvent, matched: IndexedSubscription[]): void {
  if (!entries) return;
  for (const { subscription, passes } of entries) {
    if (!passes || passes(event)) matched.push(subscription);
  }
}
