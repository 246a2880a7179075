import { isEventOf, scanPriority, type CanonicalEvent, type QuayApiFields } from '@hookyard/events';

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

/** Quay's event data for a notification (Quay's webhook method posts exactly this). */
export function renderQuayEventData(fields: QuayApiFields, event: CanonicalEvent): object {
  if (isEventOf(event, 'TAG_PUSH')) return { ...repositoryData(event), updated_tags: [event.contents.tag] };
  if (isEventOf(event, 'SCAN_COMPLETED')) {
    const { contents } = event;
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
  if (isEventOf(event, 'POLL_MIRRORING', 'PUSH_MIRRORING')) {
    const { contents } = event;
    return {
      ...repositoryData(event),
      message: `'${contents.sourceRepository}' mirrored to '${contents.targetRepository}'`,
      tags: [contents.tag],
    };
  }
  if (isEventOf(event, 'MIRROR_SYNC_STARTED', 'MIRROR_SYNC_FAILED')) {
    const { contents } = event;
    const outcome = isEventOf(event, 'MIRROR_SYNC_FAILED') ? `failed: ${event.contents.error}` : 'started';
    return { ...repositoryData(event), message: `'${contents.source}' sync ${outcome}`, tags: contents.tags };
  }
  if (isEventOf(event, 'BUILD_QUEUED', 'BUILD_STARTED', 'BUILD_CANCELLED')) {
    const { contents } = event;
    return buildData(event, contents.buildId, contents.tags, contents.author);
  }
  if (isEventOf(event, 'BUILD_COMPLETED')) {
    const { contents } = event;
    const data = buildData(event, contents.buildId, contents.tag ? [contents.tag] : [], contents.author);
    return fields.event === 'build_failure'
      ? { ...data, error_message: `build ${contents.buildId} failed` }
      : data;
  }
  throw new Error(`Quay's ${fields.event} notification has no event data for ${event.type}`);
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
