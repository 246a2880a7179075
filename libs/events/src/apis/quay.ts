import { RE2JS } from 're2js';
import { isEventOf, type CanonicalEvent } from '../canonical-event';
import type { ContentsOf } from '../contents-schemas';
import type { VulnerabilitySeverity } from '../contents/scan-contents';
import type { EventType } from '../event-types';

/**
 * Quay's repository notifications (Quay's notifications/notificationevent.py): the notification
 * events Hookyard serves and the canonical events behind each. `build_success` and
 * `build_failure` are the two outcomes of BUILD_COMPLETED (see quayNotificationWants).
 */
export const QUAY_EVENTS = {
  repo_push: ['TAG_PUSH'],
  vulnerability_found: ['SCAN_COMPLETED'],
  repo_mirror_sync_started: ['MIRROR_SYNC_STARTED'],
  repo_mirror_sync_success: ['POLL_MIRRORING', 'PUSH_MIRRORING'],
  repo_mirror_sync_failed: ['MIRROR_SYNC_FAILED'],
  build_queued: ['BUILD_QUEUED'],
  build_start: ['BUILD_STARTED'],
  build_success: ['BUILD_COMPLETED'],
  build_failure: ['BUILD_COMPLETED'],
  build_cancelled: ['BUILD_CANCELLED'],
} as const satisfies Record<string, readonly EventType[]>;

export type QuayEvent = keyof typeof QUAY_EVENTS;
export const QUAY_EVENT_NAMES = Object.keys(QUAY_EVENTS) as QuayEvent[];
export const isQuayEvent = (value: unknown): value is QuayEvent =>
  typeof value === 'string' && Object.hasOwn(QUAY_EVENTS, value);

/** How a notification is sent: Quay's event data as JSON, or a Slack incoming-webhook message. */
export const QUAY_METHODS = ['webhook', 'slack'] as const;
export type QuayMethod = (typeof QUAY_METHODS)[number];
export const isQuayMethod = (value: unknown): value is QuayMethod =>
  (QUAY_METHODS as readonly unknown[]).includes(value);

/**
 * Quay's vulnerability priorities (util/secscan's PRIORITY_LEVELS): `index` 0 is the most severe
 * (eventConfig.level compares with it), `score` grows with severity (the scan threshold compares it).
 */
export const QUAY_PRIORITY_LEVELS = {
  Unknown: { index: 5, score: 0 },
  Negligible: { index: 4, score: 1 },
  Low: { index: 3, score: 3 },
  Medium: { index: 2, score: 6 },
  High: { index: 1, score: 9 },
  Critical: { index: 0, score: 10 },
} as const satisfies Record<VulnerabilitySeverity, { index: number; score: number }>;
export type QuayPriority = keyof typeof QUAY_PRIORITY_LEVELS;
export const isQuayPriority = (value: unknown): value is QuayPriority =>
  typeof value === 'string' && Object.hasOwn(QUAY_PRIORITY_LEVELS, value);

/** Quay stops sending a notification after this many failed sends in a row, until it is reset. */
export const QUAY_DISABLE_AFTER_FAILURES = 3;

/** Quay's fields of a subscription, kept in Subscription.apiFields; shown as Quay's to_dict shows them. */
export interface QuayApiFields {
  uuid: string;
  event: QuayEvent;
  method: QuayMethod;
  /** As the client sent it: `url`, and for webhooks an optional body `template`. */
  config: { url: string } & Record<string, unknown>;
  /** As the client sent it (Quay reads `vulnerability.priority`, `level`, `ref-regex`). */
  eventConfig: Record<string, unknown>;
  /** null when none was given, as Quay shows it. */
  title: string | null;
}

/**
 * What Quay's method `validate` refuses in a notification's config (notificationmethod.py), in
 * Quay's words. Quay's list of refused host names (localhost, 127.0.0.1) gives way to Hookyard's
 * delivery address rules, checked after these.
 */
export function quayConfigProblem(method: QuayMethod, config: Record<string, unknown>): string | undefined {
  const { url } = config;
  // Quay reads a missing url as "", and refuses any false value as missing.
  const missing = url === undefined || url === null || url === '' || url === false || url === 0;
  if (method === 'slack') return missing ? 'Missing Slack Callback URL' : undefined;
  if (missing) return 'Missing webhook URL';
  if (typeof url !== 'string' || !URL.canParse(url)) return 'Invalid webhook URL';
  const parsed = new URL(url);
  const web = parsed.protocol === 'http:' || parsed.protocol === 'https:';
  return web && parsed.hostname !== '' ? undefined : 'Invalid webhook URL';
}

/** The `vulnerability.priority` an eventConfig asks for, as given. */
export function requestedPriority(eventConfig: Record<string, unknown>): unknown {
  const { vulnerability } = eventConfig;
  return typeof vulnerability === 'object' && vulnerability !== null && 'priority' in vulnerability
    ? vulnerability.priority
    : undefined;
}

/**
 * The threshold of Quay's security notification worker for a repository: Critical, lowered by
 * the `vulnerability.priority` of any of the repository's vulnerability_found notifications; a
 * priority Quay does not know counts as Critical, an empty one not at all.
 */
export function repositoryScanThreshold(configuredPriorities: readonly unknown[]): QuayPriority {
  let lowest: QuayPriority = 'Critical';
  for (const configured of configuredPriorities) {
    if (!configured) continue;
    const priority = isQuayPriority(configured) ? configured : 'Critical';
    if (QUAY_PRIORITY_LEVELS[lowest].score > QUAY_PRIORITY_LEVELS[priority].score) lowest = priority;
  }
  return lowest;
}

/** One vulnerability as Quay's vulnerability_found event data names it. */
export interface QuayVulnerability {
  id: string;
  description: string;
  link: string;
  priority: QuayPriority;
  has_fix: boolean;
}

/**
 * A scan's findings in Quay's terms, most severe first: the scanner's named vulnerabilities when it
 * sent them, else one standing for the counts (DTR's critical/major/minor = Quay's
 * Critical/High/Low) at the highest non-empty count, without id, link or known fix.
 */
export function scanVulnerabilities(contents: ContentsOf<'SCAN_COMPLETED'>): QuayVulnerability[] {
  if (contents.vulnerabilities?.length) {
    return contents.vulnerabilities
      .map((found) => ({
        id: found.id,
        description: found.description ?? '',
        link: found.link ?? '',
        priority: found.severity,
        has_fix: !!found.fixedBy,
      }))
      .sort((a, b) => QUAY_PRIORITY_LEVELS[b.priority].score - QUAY_PRIORITY_LEVELS[a.priority].score);
  }
  const { critical, major, minor } = contents.scanSummary;
  const priority = critical > 0 ? 'Critical' : major > 0 ? 'High' : minor > 0 ? 'Low' : undefined;
  if (!priority) return [];
  const description = `${critical} critical, ${major} major and ${minor} minor vulnerabilities in ${contents.imageName}`;
  return [{ id: '', description, link: '', priority, has_fix: false }];
}

/** Python's int() of a JSON value, as Quay applies it to eventConfig.level; undefined where it raises. */
export function pythonInt(value: unknown): number | undefined {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number') return Number.isFinite(value) ? Math.trunc(value) : undefined;
  if (typeof value === 'string' && /^\s*[+-]?\d+(_\d+)*\s*$/.test(value))
    return Number(value.replace(/_/g, ''));
  return undefined;
}

/**
 * The vulnerabilities of a scan a vulnerability_found notification hears of, most severe first:
 * Quay notifies tagged images only, of vulnerabilities at least the repository's threshold
 * (repositoryScanThreshold), and, when the notification has an `eventConfig.level`, only those whose
 * priority index is at most that level (VulnerabilityFoundEvent.should_perform).
 */
export function notifiedVulnerabilities(
  fields: QuayApiFields,
  contents: ContentsOf<'SCAN_COMPLETED'>,
  threshold: QuayPriority,
): QuayVulnerability[] {
  if (!contents.tag) return [];
  const minimum = QUAY_PRIORITY_LEVELS[threshold].score;
  const found = scanVulnerabilities(contents).filter(
    (v) => QUAY_PRIORITY_LEVELS[v.priority].score >= minimum,
  );
  if (!Object.hasOwn(fields.eventConfig, 'level')) return found;
  const level = pythonInt(fields.eventConfig.level);
  if (level === undefined) return [];
  return found.filter((v) => QUAY_PRIORITY_LEVELS[v.priority].index <= level);
}

/** The priority Quay names for an eventConfig.level in its sample data (get_priority_for_index). */
export function priorityForIndex(index: unknown): QuayPriority {
  const wanted = pythonInt(index);
  const found = Object.entries(QUAY_PRIORITY_LEVELS).find(([, level]) => level.index === wanted);
  return found ? (found[0] as QuayPriority) : 'Unknown';
}

/**
 * BaseBuildEvent.should_perform: with an `eventConfig["ref-regex"]`, a build event fires only for
 * a triggered build whose git ref the expression matches at its start (Python's re.match); an
 * expression that does not compile never fires. RE2 syntax, so matching takes linear time.
 */
export function buildRefMatches(eventConfig: Record<string, unknown>, ref: string | undefined): boolean {
  const expression = eventConfig['ref-regex'];
  if (!expression) return true;
  if (ref === undefined) return false;
  try {
    return RE2JS.compile(String(expression)).matcher(ref).lookingAt();
  } catch {
    return false;
  }
}

/** What Quay decides finer than the event type, given the repository's scan threshold. */
export interface QuayDeliveryContext {
  scanThreshold: QuayPriority;
}

/**
 * Whether a notification wants an event of one of its types, as Quay decides it: vulnerability
 * findings by notifiedVulnerabilities, build outcomes for build_success/build_failure, and the
 * `ref-regex` of build events.
 */
export function quayNotificationWants(
  fields: QuayApiFields,
  event: CanonicalEvent,
  context: QuayDeliveryContext,
): boolean {
  if (isEventOf(event, 'SCAN_COMPLETED')) {
    return notifiedVulnerabilities(fields, event.contents, context.scanThreshold).length > 0;
  }
  if (isEventOf(event, 'BUILD_QUEUED', 'BUILD_STARTED', 'BUILD_CANCELLED', 'BUILD_COMPLETED')) {
    if (!buildRefMatches(fields.eventConfig, event.contents.trigger?.ref)) return false;
    if (!isEventOf(event, 'BUILD_COMPLETED')) return true;
    const wanted = fields.event === 'build_success' ? 'succeeded' : 'failed';
    return event.contents.status === wanted;
  }
  return true;
}
