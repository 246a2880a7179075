import {
  EXAMPLE_REGISTRY_HOST,
  isEventOf,
  notifiedVulnerabilities,
  priorityForIndex,
  type CanonicalEvent,
  type ContentsOf,
  type EventOf,
  type QuayApiFields,
  type QuayDeliveryContext,
  type QuayEvent,
} from '@hookyard/events';

/**
 * Quay's event data: what its webhook method posts, and what its Slack messages are made of.
 * Real events are rendered as Quay's own producers fill them (the registry's push, the security
 * notification worker, the mirror worker, the build manager); test events as Quay's
 * `get_sample_data` of the notification's event.
 */

/** The repository fields every Quay event data starts with (build_repository_event_data). */
export interface QuayRepositoryData {
  repository: string;
  namespace: string;
  name: string;
  docker_url: string;
  homepage: string;
}

export type QuayEventData = QuayRepositoryData & Record<string, unknown>;

/** The registry host of an image reference (`registry.example.com/foo/bar:1.0` → `registry.example.com`). */
function registryHost(imageName: unknown): string | undefined {
  if (typeof imageName !== 'string') return undefined;
  const slash = imageName.indexOf('/');
  return slash > 0 ? imageName.slice(0, slash) : undefined;
}

/**
 * Quay names its own host; Hookyard the registry host of the event's image. Without an image
 * name, docker_url is the repository path and homepage is empty.
 */
function repositoryData(
  namespace: string,
  name: string,
  host: string | undefined,
  subpage = '',
): QuayRepositoryData {
  const repository = `${namespace}/${name}`;
  return {
    repository,
    namespace,
    name,
    docker_url: host ? `${host}/${repository}` : repository,
    homepage: host ? `https://${host}/repository/${repository}${subpage}` : '',
  };
}

function eventRepositoryData(event: CanonicalEvent, subpage?: string): QuayRepositoryData {
  const contents = event.contents as { namespace?: string; repository?: string; imageName?: string };
  return repositoryData(
    event.namespace ?? contents.namespace ?? '',
    event.repository ?? contents.repository ?? '',
    registryHost(contents.imageName),
    subpage,
  );
}

/** Quay's event data for a real event the notification wants (see quayNotificationWants). */
export function renderQuayEventData(
  fields: QuayApiFields,
  event: CanonicalEvent,
  context: QuayDeliveryContext,
): QuayEventData {
  if (isEventOf(event, 'TAG_PUSH'))
    return { ...eventRepositoryData(event), updated_tags: [event.contents.tag] };
  if (isEventOf(event, 'SCAN_COMPLETED')) {
    const found = notifiedVulnerabilities(fields, event.contents, context.scanThreshold);
    if (found.length === 0) throw new Error('vulnerability_found rendered for a scan it does not notify');
    return {
      ...eventRepositoryData(event),
      tags: [event.contents.tag],
      vulnerability: found[0],
      // Quay's event data for several vulnerabilities at once, most severe first.
      ...(found.length > 1 ? { vulnerabilities: found } : {}),
    };
  }
  if (isEventOf(event, 'POLL_MIRRORING', 'PUSH_MIRRORING')) {
    const { contents } = event;
    // The repository on the other side of the mirror, as Quay names its mirror's external reference.
    const external = isEventOf(event, 'POLL_MIRRORING')
      ? contents.sourceRepository
      : contents.targetRepository;
    return { ...eventRepositoryData(event), message: mirrorMessage(external, [contents.tag]) };
  }
  if (isEventOf(event, 'MIRROR_SYNC_STARTED')) {
    const { source, tags } = event.contents;
    return { ...eventRepositoryData(event), message: mirrorMessage(source, tags) };
  }
  if (isEventOf(event, 'MIRROR_SYNC_FAILED')) {
    const { source, tags, error } = event.contents;
    return { ...eventRepositoryData(event), message: `${mirrorMessage(source, tags)}: ${error}` };
  }
  if (isEventOf(event, 'BUILD_QUEUED')) return buildQueuedData(event);
  if (isEventOf(event, 'BUILD_STARTED', 'BUILD_CANCELLED', 'BUILD_COMPLETED')) return buildData(event);
  throw new Error(`Quay's ${fields.event} notification has no event data for ${event.type}`);
}

/** The repository mirror worker's message: the external reference and the tag pattern. */
const mirrorMessage = (external: string, tags: string[]) =>
  `'${external}' with tag pattern '${tags.join(',')}'`;

type BuildEvent = EventOf<'BUILD_QUEUED' | 'BUILD_STARTED' | 'BUILD_CANCELLED' | 'BUILD_COMPLETED'>;

function buildTags(event: BuildEvent): string[] {
  if (isEventOf(event, 'BUILD_COMPLETED')) return event.contents.tag ? [event.contents.tag] : [];
  return isEventOf(event, 'BUILD_QUEUED', 'BUILD_STARTED', 'BUILD_CANCELLED') ? event.contents.tags : [];
}

/** Quay's trigger_metadata of a triggered build: the fields Hookyard's trigger carries. */
function triggerMetadata(trigger: ContentsOf<'BUILD_QUEUED'>['trigger']): Record<string, string> {
  if (!trigger) return {};
  const metadata: Record<string, string> = {};
  if (trigger.defaultBranch !== undefined) metadata.default_branch = trigger.defaultBranch;
  if (trigger.ref !== undefined) metadata.ref = trigger.ref;
  if (trigger.commit !== undefined) metadata.commit = trigger.commit;
  return metadata;
}

/** The build manager's event data (build_start, build_success, build_failure, build_cancelled). */
function buildData(event: BuildEvent): QuayEventData {
  const { contents } = event;
  const data: QuayEventData = {
    ...eventRepositoryData(event, `/build/${contents.buildId}`),
    build_id: contents.buildId,
    build_name: contents.buildName ?? contents.buildId,
    docker_tags: buildTags(event),
    trigger_id: contents.trigger?.id ?? null,
    trigger_kind: contents.trigger?.kind ?? null,
    trigger_metadata: triggerMetadata(contents.trigger),
  };
  if (isEventOf(event, 'BUILD_COMPLETED') && event.contents.error) data.error_message = event.contents.error;
  return data;
}

/** What Quay's build request records and notifies as build_queued. */
function buildQueuedData(event: EventOf<'BUILD_QUEUED'>): QuayEventData {
  const { contents } = event;
  const { trigger } = contents;
  return {
    ...eventRepositoryData(event, `/build/${contents.buildId}`),
    build_id: contents.buildId,
    docker_tags: contents.tags,
    repo: contents.repository,
    is_manual: !trigger,
    manual_user: contents.author || null,
    ...(trigger
      ? {
          trigger_id: trigger.id,
          trigger_kind: trigger.kind,
          trigger_metadata: triggerMetadata(trigger),
          trigger_manual: false,
        }
      : {}),
  };
}

const SAMPLE_BUILD_ID = 'fake-build-id';

const sampleTrigger = {
  default_branch: 'master',
  ref: 'refs/heads/somebranch',
  commit: '42d4a62c53350993ea41069e9f2cfdefb0df097d',
};

/** Quay's sample commit_info; its date is the time of the test, in seconds. */
const sampleCommitInfo = () => ({
  url: 'http://path/to/the/commit',
  message: 'Some commit message',
  date: Math.floor(Date.now() / 1000),
  author: {
    username: 'fakeauthor',
    url: 'http://path/to/fake/author/in/scm',
    avatar_url: 'http://www.gravatar.com/avatar/fakehash',
  },
});

const sampleBuild = (extra: Record<string, unknown>) => ({
  build_id: SAMPLE_BUILD_ID,
  build_name: 'some-fake-build',
  docker_tags: ['latest', 'foo', 'bar'],
  ...extra,
});

const SAMPLE_DATA: Record<QuayEvent, (eventConfig: Record<string, unknown>) => Record<string, unknown>> = {
  repo_push: () => ({ updated_tags: ['latest', 'foo'], pruned_image_count: 3 }),
  repo_mirror_sync_started: () => ({ message: 'TEST NOTIFICATION' }),
  repo_mirror_sync_success: () => ({ message: 'TEST NOTIFICATION' }),
  repo_mirror_sync_failed: () => ({ message: 'TEST NOTIFICATION' }),
  vulnerability_found: (eventConfig) => ({
    tags: ['latest', 'prod', 'foo', 'bar', 'baz'],
    image: 'some-image-id',
    vulnerability: {
      id: 'CVE-FAKE-CVE',
      description: 'A futurist vulnerability',
      link: 'https://security-tracker.debian.org/tracker/CVE-FAKE-CVE',
      priority: priorityForIndex(eventConfig.level ?? 'Critical'),
    },
  }),
  build_queued: () => ({
    is_manual: false,
    ...sampleBuild({
      trigger_id: '1245634',
      trigger_kind: 'GitHub',
      trigger_metadata: { ...sampleTrigger, commit_info: sampleCommitInfo() },
    }),
  }),
  build_start: () =>
    sampleBuild({ trigger_id: '1245634', trigger_kind: 'GitHub', trigger_metadata: sampleTrigger }),
  build_success: () =>
    sampleBuild({
      trigger_id: '1245634',
      trigger_kind: 'GitHub',
      trigger_metadata: sampleTrigger,
      image_id: '1245657346',
    }),
  build_failure: () =>
    sampleBuild({
      trigger_kind: 'GitHub',
      error_message: 'This is a fake error message',
      trigger_id: '1245634',
      trigger_metadata: { ...sampleTrigger, commit_info: sampleCommitInfo() },
    }),
  build_cancelled: () =>
    sampleBuild({
      trigger_id: '1245634',
      trigger_kind: 'GitHub',
      trigger_metadata: sampleTrigger,
      image_id: '1245657346',
    }),
};

/** Quay's sample data of the notification's event for its repository: what a test notification sends. */
export function renderQuaySampleData(fields: QuayApiFields, event: CanonicalEvent): QuayEventData {
  const build = fields.event.startsWith('build_');
  const base = repositoryData(
    event.namespace ?? '',
    event.repository ?? '',
    EXAMPLE_REGISTRY_HOST,
    build ? `/build/${SAMPLE_BUILD_ID}` : '',
  );
  return { ...base, ...SAMPLE_DATA[fields.event](fields.eventConfig) };
}
