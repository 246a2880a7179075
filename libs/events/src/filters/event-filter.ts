import type { CanonicalEvent } from '../canonical-event';
import { eventTags } from './event-names';
import { compileNamePattern, NameMatcher } from './name-pattern';

/** A subscription's filters finer than type and key. */
export interface EventFilterPatterns {
  tagPattern?: string;
  repositoryPattern?: string;
}

/** Whether a matched event passes a subscription's patterns. */
export type EventFilter = (event: CanonicalEvent) => boolean;

/**
 * The filter of a subscription's patterns, or undefined when it has none (nothing to check).
 * `tagPattern`: the event must name a tag it matches (one of them, for events naming several);
 * an event naming no tag does not pass. `repositoryPattern`: the event's repository must match,
 * as named within the subscription's namespace (`team/*` under `acme` matches `acme/team/api`),
 * or in full (`acme/*`) for a subscription to every namespace; an event naming no repository
 * does not pass. Throws a NamePatternError for a pattern that does not compile.
 */
export function compileEventFilter(
  patterns: EventFilterPatterns,
  subscriptionNamespace: string | null,
): EventFilter | undefined {
  const tagMatches = patterns.tagPattern ? compileNamePattern(patterns.tagPattern, 'tag') : undefined;
  const repositoryMatches = patterns.repositoryPattern
    ? compileNamePattern(patterns.repositoryPattern, 'repository')
    : undefined;
  if (!tagMatches && !repositoryMatches) return undefined;
  const repositoryName = subscriptionNamespace === null ? fullRepositoryName : ownRepositoryName;
  return (event) =>
    (!tagMatches || eventTags(event).some(tagMatches)) &&
    (!repositoryMatches || matchesName(repositoryMatches, repositoryName(event)));
}

const ownRepositoryName = (event: CanonicalEvent) => event.repository;
const fullRepositoryName = (event: CanonicalEvent) =>
  event.namespace && event.repository ? `${event.namespace}/${event.repository}` : undefined;

const matchesName = (matches: NameMatcher, name: string | undefined) => name !== undefined && matches(name);
