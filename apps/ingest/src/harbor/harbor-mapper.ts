import {
  type CanonicalEvent,
  eventIdFor,
  type EventType,
  isDigest,
  splitRepositoryName,
} from '@hookyard/events';
import type { HarborEvent, HarborEventType, HarborReplication, HarborResource } from './harbor-payload';

/** DTR's last_scan_status for a finished scan ("6: Completed"). */
const SCAN_COMPLETED_STATUS = 6;
/** Go's zero time: a scan summary without an end time. */
const ZERO_TIME = '0001-01-01T00:00:00Z';

const ARTIFACT_EVENTS = {
  PUSH_ARTIFACT: { tag: 'TAG_PUSH', manifest: 'MANIFEST_PUSH', time: 'pushedAt' },
  PULL_ARTIFACT: { tag: 'TAG_PULL', manifest: 'MANIFEST_PULL', time: 'pulledAt' },
  DELETE_ARTIFACT: { tag: 'TAG_DELETE', manifest: 'MANIFEST_DELETE', time: 'deletedAt' },
} as const satisfies Partial<Record<HarborEventType, { tag: EventType; manifest: EventType; time: string }>>;

/**
 * Harbor puts the digest in `tag` when an artifact was pushed or pulled by digest, as robot
 * accounts and proxy caches do (goharbor/harbor #20939, #19982): that is no tag.
 */
export function realTag(tag: string): string {
  return tag && !isDigest(tag) ? tag : '';
}

/** `harbor.example.com/library/busybox:1.36` → `harbor.example.com`; empty when it names no host. */
function hostOf(resourceUrl: string): string {
  const slash = resourceUrl.indexOf('/');
  return slash > 0 ? resourceUrl.slice(0, slash) : '';
}

function imageName(host: string, fullName: string, tag: string, digest: string): string {
  const name = host ? `${host}/${fullName}` : fullName;
  return tag ? `${name}:${tag}` : `${name}@${digest}`;
}

/**
 * Harbor's events as canonical events (apps/ingest/README.md has the table). Event ids derive
 * from the event's identity, so Harbor's retries (and the same event from a second webhook policy)
 * are emitted once. REPO_CREATED for a first push is the caller's (RepositoryLifecycle).
 */
export function mapHarborEvent(event: HarborEvent, source: string): CanonicalEvent[] {
  const build = (
    type: EventType,
    part: number | string,
    scope: { namespace: string; repository?: string },
    contents: Record<string, unknown>,
  ): CanonicalEvent => {
    const dedupKey = `harbor:${source}:${event.identity}:${type}:${part}`;
    return {
      id: eventIdFor(dedupKey),
      type,
      occurredAt: event.occurredAt,
      source,
      ...scope,
      contents,
      dedupKey,
    };
  };
  switch (event.type) {
    case 'PUSH_ARTIFACT':
    case 'PULL_ARTIFACT':
    case 'DELETE_ARTIFACT':
      return artifactEvents(event, ARTIFACT_EVENTS[event.type], build);
    case 'SCANNING_COMPLETED':
    case 'SCANNING_FAILED':
    case 'SCANNING_STOPPED':
      return scanEvents(event, build);
    case 'QUOTA_EXCEED':
    case 'QUOTA_WARNING':
      return [quotaEvent(event, build)];
    case 'REPLICATION':
      return replicationEvents(event, event.replication!, build);
    case 'TAG_RETENTION': {
      const retention = event.retention!;
      return [
        build(
          'RETENTION_COMPLETED',
          0,
          { namespace: retention.projectName },
          {
            namespace: retention.projectName,
            status: retention.result,
            total: retention.total,
            retained: retention.retained,
            deleted: retention.deleted,
            author: event.operator,
            completedAt: event.occurredAt,
          },
        ),
      ];
    }
  }
}

/** A canonical event of the Harbor event; `part` tells apart the events of one type it yields. */
type Build = (
  type: EventType,
  part: number | string,
  scope: { namespace: string; repository?: string },
  contents: Record<string, unknown>,
) => CanonicalEvent;

/** What the artifact events share: the repository, the resource, and the names of both. */
function artifactScope(event: HarborEvent, resource: HarborResource) {
  const fullName = event.repository!.fullName;
  const { namespace, repository } = splitRepositoryName(fullName);
  const tag = realTag(resource.tag);
  const host = hostOf(resource.resourceUrl);
  return {
    scope: { namespace, repository },
    tag,
    tagImage: imageName(host, fullName, tag, resource.digest),
    digestImage: imageName(host, fullName, '', resource.digest),
  };
}

/** A push, pull or delete: TAG_* for a real tag, and always MANIFEST_*; Harbor knows no os/arch. */
function artifactEvents(
  event: HarborEvent,
  types: (typeof ARTIFACT_EVENTS)[keyof typeof ARTIFACT_EVENTS],
  build: Build,
): CanonicalEvent[] {
  return event.resources.flatMap((resource, index) => {
    const { scope, tag, tagImage, digestImage } = artifactScope(event, resource);
    const base = {
      ...scope,
      digest: resource.digest,
      os: '',
      architecture: '',
      author: event.operator,
      [types.time]: event.occurredAt,
    };
    return [
      ...(tag ? [build(types.tag, index, scope, { ...base, tag, imageName: tagImage })] : []),
      build(types.manifest, index, scope, { ...base, imageName: digestImage }),
    ];
  });
}

interface VulnerabilitySummary {
  scan_status?: unknown;
  end_time?: unknown;
  summary?: { summary?: Record<string, unknown> } | null;
}

/** The first vulnerability summary of a resource's scan overview (keyed by report media type). */
function vulnerabilitySummary(resource: HarborResource): VulnerabilitySummary {
  const summaries = Object.values(resource.scanOverview).filter(
    (value): value is VulnerabilitySummary => typeof value === 'object' && value !== null,
  );
  return (
    summaries.find((summary) => typeof summary.summary === 'object' && summary.summary !== null) ??
    summaries[0] ??
    {}
  );
}

/** A count from a severity summary; anything else than a whole number counts as none. */
function count(severities: Record<string, unknown>, severity: string): number {
  const value = severities[severity];
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : 0;
}

/**
 * Scans. Harbor's severities map to DTR's three: Critical → critical, High → major, Medium and Low
 * → minor (Negligible, Unknown and None are not counted). SBOM scans have no vulnerabilities:
 * a completed one is not a SCAN_COMPLETED.
 */
function scanEvents(event: HarborEvent, build: Build): CanonicalEvent[] {
  if (event.type === 'SCANNING_COMPLETED' && event.scanType && event.scanType !== 'vulnerability') return [];
  return event.resources.map((resource, index) => {
    const { scope, tag, tagImage } = artifactScope(event, resource);
    const summary = vulnerabilitySummary(resource);
    const image = { ...scope, tag, imageName: tagImage };
    if (event.type === 'SCANNING_FAILED') {
      const status =
        typeof summary.scan_status === 'string' && summary.scan_status ? summary.scan_status : 'Error';
      return build('SCAN_FAILED', index, scope, {
        ...image,
        error: `Harbor's ${event.scanType || 'vulnerability'} scan ended with status ${status}`,
      });
    }
    if (event.type === 'SCANNING_STOPPED') {
      return build('SCAN_STOPPED', index, scope, {
        ...image,
        digest: resource.digest,
        scanType: event.scanType,
        author: event.operator,
        stoppedAt: event.occurredAt,
      });
    }
    const severities = summary.summary?.summary ?? {};
    const endTime = typeof summary.end_time === 'string' ? new Date(summary.end_time) : undefined;
    const completedAt =
      endTime && !Number.isNaN(endTime.getTime()) && summary.end_time !== ZERO_TIME
        ? endTime.toISOString()
        : event.occurredAt;
    return build('SCAN_COMPLETED', index, scope, {
      ...image,
      scanSummary: {
        ...scope,
        tag,
        critical: count(severities, 'Critical'),
        major: count(severities, 'High'),
        minor: count(severities, 'Medium') + count(severities, 'Low'),
        last_scan_status: SCAN_COMPLETED_STATUS,
        check_completed_at: completedAt,
      },
    });
  });
}

function quotaEvent(event: HarborEvent, build: Build): CanonicalEvent {
  const { namespace, repository } = splitRepositoryName(event.repository!.fullName);
  const [resource] = event.resources;
  const scope = { namespace, repository };
  return build(event.type === 'QUOTA_EXCEED' ? 'QUOTA_EXCEEDED' : 'QUOTA_WARNING', 0, scope, {
    ...scope,
    tag: realTag(resource?.tag ?? ''),
    digest: resource?.digest ?? '',
    details: event.details,
    author: event.operator,
    [event.type === 'QUOTA_EXCEED' ? 'exceededAt' : 'warnedAt']: event.occurredAt,
  });
}

/**
 * A replication task's status. Harbor's own side of the task has no `registry_name`; its project is
 * `dest_resource.namespace` in both directions, the remote one `src_resource.namespace` (how
 * constructReplicationPayload fills them). Success: one PUSH_MIRRORING (Harbor was the source) or
 * POLL_MIRRORING (Harbor pulled) per replicated reference; Error: MIRROR_SYNC_FAILED. Other
 * statuses (Running, Stopped) name no artifact, so they map to nothing.
 */
function replicationEvents(
  event: HarborEvent,
  replication: HarborReplication,
  build: Build,
): CanonicalEvent[] {
  const { source, destination, jobStatus, harborHostname } = replication;
  const namespace = destination.namespace;
  const remoteNamespace = source.namespace;
  if (!namespace) return [];
  const pushed = !source.registryName && Boolean(destination.registryName);
  const remote = pushed ? destination : source;
  const remoteHost = remote.endpoint.replace(/^[a-z]+:\/\//i, '').replace(/\/+$/, '');
  return replication.artifacts.flatMap((artifact, index) => {
    const scope = { namespace, repository: artifact.repository };
    const local = `${namespace}/${artifact.repository}`;
    const away = remoteNamespace ? `${remoteNamespace}/${artifact.repository}` : artifact.repository;
    if (jobStatus === 'Error') {
      return [
        build('MIRROR_SYNC_FAILED', index, scope, {
          ...scope,
          source: remoteHost ? `${remoteHost}/${away}` : away,
          tags: artifact.references,
          failedAt: event.occurredAt,
          error: artifact.failReason || 'Harbor replication task failed',
        }),
      ];
    }
    if (jobStatus !== 'Success') return [];
    return artifact.references.map((reference, referenceIndex) => {
      const digest = isDigest(reference) ? reference : '';
      const tag = digest ? '' : reference;
      return build(pushed ? 'PUSH_MIRRORING' : 'POLL_MIRRORING', `${index}.${referenceIndex}`, scope, {
        ...scope,
        tag,
        digest,
        imageName: imageName(harborHostname, local, tag, digest),
        os: '',
        architecture: '',
        author: event.operator,
        sourceRepository: pushed ? local : away,
        targetRepository: pushed ? away : local,
        mirroredAt: event.occurredAt,
      });
    });
  });
}
