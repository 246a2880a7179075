import type {
  BuildCompletedContents,
  BuildProgressContents,
  CanonicalEvent,
  MirrorSyncFailedContents,
  PollMirroringContents,
  ScanCompletedContents,
  TagPushContents,
} from '@hookyard/events';
import { QUAY_PRIORITIES, QuayApiFields, QuayPriority } from './quay-events';

/** The repository fields every Quay notification payload starts with. */
export interface QuayRepositoryData {
  repository: string;
  namespace: string;
  name: string;
  docker_url: string;
  homepage: string;
}

/** The registry host of an image reference (`registry.example.com/foo/bar:1.0` → `registry.example.com`). */
function registryHost(imageName: unknown): string | undefined {
  if (typeof imageName !== 'string') return undefined;
  const slash = imageName.indexOf('/');
  return slash > 0 ? imageName.slice(0, slash) : undefined;
}

function repositoryData(event: CanonicalEvent, subpage = ''): QuayRepositoryData {
  const contents = event.contents as { namespace?: string; repository?: string; imageName?: string };
  const namespace = event.namespace ?? contents.namespace ?? '';
  const name = event.repository ?? contents.repository ?? '';
  const repository = `${namespace}/${name}`;
  const host = registryHost(contents.imageName);
  return {
    repository,
    namespace,
    name,
    docker_url: host ? `${host}/${repository}` : repository,
    homepage: host ? `https://${host}/repository/${repository}${subpage}` : '',
  };
}

/**
 * DTR scanners count critical/major/minor findings; Quay names priorities. The highest
 * non-empty count gives the scan's priority, or undefined when nothing was found.
 */
export function scanPriority(contents: ScanCompletedContents): QuayPriority | undefined {
  const { critical, major, minor } = contents.scanSummary;
  if (critical > 0) return 'Critical';
  if (major > 0) return 'High';
  if (minor > 0) return 'Low';
  return undefined;
}

export const priorityRank = (priority: QuayPriority) => QUAY_PRIORITIES.indexOf(priority);

/** Quay's event data for a notification (Quay's webhook method posts exactly this). */
export function renderQuayEventData(fields: QuayApiFields, event: CanonicalEvent): object {
  switch (fields.event) {
    case 'repo_push': {
      const contents = event.contents as unknown as TagPushContents;
      return { ...repositoryData(event), updated_tags: [contents.tag] };
    }
    case 'vulnerability_found': {
      const contents = event.contents as unknown as ScanCompletedContents;
      const { critical, major, minor } = contents.scanSummary;
      return {
        ...repositoryData(event),
        tags: contents.tag ? [contents.tag] : [],
        vulnerability: {
          priority: scanPriority(contents) ?? 'Unknown',
          description: `${critical} critical, ${major} major and ${minor} minor vulnerabilities in ${contents.imageName}`,
        },
      };
    }
    case 'repo_mirror_sync_success': {
      const contents = event.contents as unknown as PollMirroringContents;
      return {
        ...repositoryData(event),
        message: `'${contents.sourceRepository}' mirrored to '${contents.targetRepository}'`,
        tags: [contents.tag],
      };
    }
    case 'repo_mirror_sync_started':
    case 'repo_mirror_sync_failed': {
      const contents = event.contents as unknown as MirrorSyncFailedContents;
      const outcome = fields.event === 'repo_mirror_sync_started' ? 'started' : `failed: ${contents.error}`;
      return {
        ...repositoryData(event),
        message: `'${contents.source}' sync ${outcome}`,
        tags: contents.tags,
      };
    }
    case 'build_queued':
    case 'build_start':
    case 'build_cancelled': {
      const contents = event.contents as unknown as BuildProgressContents;
      return buildData(event, contents.buildId, contents.tags, contents.author);
    }
    case 'build_success':
    case 'build_failure': {
      const contents = event.contents as unknown as BuildCompletedContents;
      const data = buildData(event, contents.buildId, contents.tag ? [contents.tag] : [], contents.author);
      return fields.event === 'build_failure'
        ? { ...data, error_message: `build ${contents.buildId} failed` }
        : data;
    }
  }
}

/** Quay's build event data; Hookyard knows no build triggers, so those fields are empty. */
function buildData(event: CanonicalEvent, buildId: string, tags: string[], author: string) {
  const data = repositoryData(event, `/build/${buildId}`);
  return {
    ...data,
    build_id: buildId,
    trigger_kind: '',
    trigger_id: '',
    trigger_metadata: {},
    repo: data.name,
    docker_tags: tags,
    is_manual: false,
    manual_user: author || null,
  };
}
