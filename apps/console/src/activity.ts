/** The activity stream page's filters, as the address keeps them and as the API takes them. */
import { query } from './api';

export interface ActivityFilters {
  type: string;
  namespace: string;
  repository: string;
  actor: string;
  /** ISO times (the address keeps them so a shared link means the same moment everywhere). */
  after: string;
  before: string;
}

export const ACTIVITY_FILTER_NAMES = ['type', 'namespace', 'repository', 'actor', 'after', 'before'] as const;

export interface ActivityEvent {
  id: string;
  type: string;
  publishedAt: string;
  occurredAt: string;
  actor: string;
  source: string;
  namespace: string | null;
  repository: string | null;
  contents: Record<string, unknown>;
}

/** The filters an address names (missing ones empty). */
export function filtersFromQuery(values: Record<string, string | undefined>): ActivityFilters {
  const filters = {} as ActivityFilters;
  for (const name of ACTIVITY_FILTER_NAMES) filters[name] = values[name]?.trim() ?? '';
  return filters;
}

/** The address of the page showing `filters`. */
export const activityAddress = (filters: ActivityFilters) => `/activity${query({ ...filters })}`;

/** The activity of what a webhook's key names (`namespace` or `namespace/repository`); none for no key. */
export function activityOfKey(key: string): string | undefined {
  if (!key) return undefined;
  const slash = key.indexOf('/');
  const [namespace, repository] = slash < 0 ? [key, ''] : [key.slice(0, slash), key.slice(slash + 1)];
  return activityAddress({ ...filtersFromQuery({}), namespace, repository });
}

/**
 * The API request for a page of events: the whole stream (DTR's Get Events), as much of it as the
 * caller may read, filtered. Not a repository's own listing, even when one is named: that answers
 * 404 for a repository deleted since (or never made), whose events the stream still holds.
 */
export function activityRequest(filters: ActivityFilters, pageSize: number, pageStart?: string): string {
  return `/api/v0/events${query({
    eventType: filters.type,
    namespace: filters.namespace,
    repository: filters.repository,
    actor: filters.actor,
    publishedAfter: filters.after,
    publishedBefore: filters.before,
    pageSize,
    pageStart,
  })}`;
}

/** Where an event happened, in words. */
export function eventPlace(event: Pick<ActivityEvent, 'namespace' | 'repository'>): string {
  if (event.namespace && event.repository) return `${event.namespace}/${event.repository}`;
  return event.namespace ?? 'the whole registry';
}

/** The contents fields that say what an event was about, most telling first. */
const SUMMARY_FIELDS = ['imageName', 'tag', 'digest', 'reason', 'status', 'endpoint'] as const;

/** A line saying what the event was about (the image, the reason, ...), or '' when nothing tells. */
export function eventSummary(contents: Record<string, unknown>): string {
  for (const field of SUMMARY_FIELDS) {
    const value = contents[field];
    if (typeof value === 'string' && value) return field === 'imageName' ? value : `${field} ${value}`;
  }
  return '';
}
