import {
  CanonicalEvent,
  EventType,
  EXAMPLE_CONTENTS,
  type RepositoryFields,
  splitRepositoryName,
} from '@hookyard/events';
import { randomUUID } from 'node:crypto';

/**
 * An event of `type` on `key` (namespace/repository) with a fresh id, as ingest would emit it:
 * the type's example contents for that repository, with `contents` laid over them. Its source is
 * `e2e`, a producer like any other (source `test` marks a "test this subscription" event).
 */
export function exampleEvent(type: EventType, key: string, contents: object = {}): CanonicalEvent {
  const { namespace, repository } = splitRepositoryName(key);
  const id = randomUUID();
  return {
    id,
    type,
    occurredAt: new Date().toISOString(),
    source: 'e2e',
    namespace,
    repository,
    contents: { ...(EXAMPLE_CONTENTS[type] as Record<string, unknown>), namespace, repository, ...contents },
    dedupKey: id,
  };
}

/** A TAG_PUSH for `key` (namespace/repository) with a fresh id, as ingest would emit it. */
export const tagPushEvent = (key: string): CanonicalEvent => exampleEvent('TAG_PUSH', key);

/** A repository as Hookyard records it (RepositoryRecord's columns), with DTR's defaults and a fresh id. */
export function repositoryRecord(
  key: string,
  overrides: Partial<RepositoryFields & { announced: boolean; createdAt: Date }> = {},
) {
  const { namespace, repository } = splitRepositoryName(key);
  return {
    id: randomUUID(),
    namespace,
    name: repository,
    namespaceIsOrg: false,
    shortDescription: '',
    longDescription: '',
    visibility: 'private' as const,
    scanOnPush: false,
    immutableTags: false,
    enableManifestLists: false,
    tagLimit: 0,
    pulls: 0,
    pushes: 0,
    announced: false,
    createdAt: new Date(),
    ...overrides,
  };
}
