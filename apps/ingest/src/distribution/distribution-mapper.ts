import {
  CanonicalEvent,
  eventIdFor,
  EventType,
  type RepositoryActivity,
  splitRepositoryName,
} from '@hookyard/events';
import {
  INDEX_MEDIA_TYPES,
  indexPlatforms,
  REGISTRY_CLIENT_USER_AGENT,
  type ManifestPlatforms,
} from '../registry/registry-client';
import type { DistributionEvent } from './distribution-envelope';

const MANIFEST_MEDIA_TYPE = /manifest|image\.index/;

/**
 * Blob events (layers, configs, and the HEAD "pulls" skopeo makes to check blobs during a push) are
 * not subscribable; only manifests and tags are.
 */
export function isManifestEvent(event: DistributionEvent): boolean {
  if (event.action === 'mount' || isRepositoryDelete(event)) return false;
  if (event.action === 'delete') return Boolean(event.target.digest || event.target.tag);
  if (event.target.url?.includes('/blobs/')) return false;
  return MANIFEST_MEDIA_TYPE.test(event.target.mediaType ?? '');
}

/**
 * Distribution 3 reports a removed repository as a delete naming neither digest nor tag (its target
 * still carries `mediaType: ""` and `digest: ""`). 2.x never sends one.
 */
export function isRepositoryDelete(event: DistributionEvent): boolean {
  return event.action === 'delete' && !event.target.digest && !event.target.tag;
}

/**
 * An index's platforms from `target.references` (Distribution 3 with `includereferences: true`),
 * so it needs no read from the registry; undefined for anything else.
 */
export function platformsFromReferences(event: DistributionEvent): ManifestPlatforms | undefined {
  const { mediaType, references } = event.target;
  if (!references?.length || !INDEX_MEDIA_TYPES.has(mediaType ?? '')) return undefined;
  return indexPlatforms(references);
}

/** The repository an event is about, as the repository events describe it. */
export function repositoryActivity(event: DistributionEvent): RepositoryActivity {
  return {
    fullName: event.target.repository,
    author: event.actor?.name ?? '',
    occurredAt: new Date(event.timestamp).toISOString(),
  };
}

/**
 * Enrichment reads the manifest from the registry, which reports that read as a pull; it is not
 * user activity (and would otherwise echo a MANIFEST_PULL after every push).
 */
export function isEnrichmentRead(event: DistributionEvent): boolean {
  return event.action === 'pull' && event.request?.useragent === REGISTRY_CLIENT_USER_AGENT;
}

export interface MappingContext {
  source: string;
  /** Host users pull from, for `imageName`. */
  publicHost?: string;
  /** Platforms of the event's manifest, read from the registry (none when unknown). */
  manifest: ManifestPlatforms;
}

const TIME_FIELD = { push: 'pushedAt', pull: 'pulledAt', delete: 'deletedAt' } as const;
const TAG_TYPE = { push: 'TAG_PUSH', pull: 'TAG_PULL', delete: 'TAG_DELETE' } as const;
const MANIFEST_TYPE = { push: 'MANIFEST_PUSH', pull: 'MANIFEST_PULL', delete: 'MANIFEST_DELETE' } as const;

/**
 * What names one canonical event of a Distribution event: Distribution's event id is the
 * registry's own, so it is taken within its producer (the ingest token's name), as Harbor's and
 * native events are; another producer posting the same id is another event.
 */
export function distributionDedupKey(source: string, distributionEventId: string, type: EventType): string {
  return `distribution:${source}:${distributionEventId}:${type}`;
}

/**
 * A manifest push/pull with a tag is a TAG_* and a MANIFEST_* event, by digest only a
 * MANIFEST_*; a delete with a tag is TAG_DELETE, with a digest MANIFEST_DELETE.
 *
 * Multi-arch: skopeo pushes each platform manifest by digest first (each a MANIFEST_PUSH with its
 * own os/architecture), then the index. The index is a manifest too, so its push still emits a
 * MANIFEST_PUSH (and TAG_PUSH when tagged); both carry empty os/architecture and `platforms`, the
 * list of its platform manifests, so a subscriber can tell the index from a platform image.
 */
export function mapDistributionEvent(event: DistributionEvent, context: MappingContext): CanonicalEvent[] {
  if (!isManifestEvent(event) || isEnrichmentRead(event)) return [];
  const action = event.action as 'push' | 'pull' | 'delete';
  const { namespace, repository } = splitRepositoryName(event.target.repository);
  const host = context.publicHost ?? event.request?.host ?? '';
  const fullName = `${host ? `${host}/` : ''}${event.target.repository}`;
  const occurredAt = new Date(event.timestamp).toISOString();
  const tag = event.target.tag;
  const digest = event.target.digest ?? '';
  const { isIndex, platforms } = context.manifest;
  const image = !isIndex && platforms.length === 1 ? platforms[0] : undefined;
  const base = {
    namespace,
    repository,
    os: image?.os ?? '',
    architecture: image?.architecture ?? '',
    author: event.actor?.name ?? '',
    [TIME_FIELD[action]]: occurredAt,
    ...(isIndex ? { platforms } : {}),
  };
  const build = (type: EventType, contents: Record<string, unknown>): CanonicalEvent => {
    const dedupKey = distributionDedupKey(context.source, event.id, type);
    return {
      id: eventIdFor(dedupKey),
      type,
      occurredAt,
      source: context.source,
      namespace,
      repository,
      contents,
      dedupKey,
    };
  };

  if (action === 'delete') {
    return tag
      ? [build('TAG_DELETE', { ...base, tag, digest, imageName: `${fullName}:${tag}` })]
      : [build('MANIFEST_DELETE', { ...base, digest, imageName: `${fullName}@${digest}` })];
  }
  const events: CanonicalEvent[] = [];
  if (tag) events.push(build(TAG_TYPE[action], { ...base, tag, digest, imageName: `${fullName}:${tag}` }));
  events.push(build(MANIFEST_TYPE[action], { ...base, digest, imageName: `${fullName}@${digest}` }));
  return events;
}
