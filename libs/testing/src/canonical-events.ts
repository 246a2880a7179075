import { CanonicalEvent, EXAMPLE_CONTENTS } from '@hookyard/events';
import { randomUUID } from 'node:crypto';

/** A TAG_PUSH for `key` (namespace/repository) with a fresh id, as ingest would emit it. */
export function tagPushEvent(key: string): CanonicalEvent {
  const [namespace, repository] = key.split('/');
  const id = randomUUID();
  return {
    id,
    type: 'TAG_PUSH',
    occurredAt: new Date().toISOString(),
    source: 'test',
    namespace,
    repository,
    contents: { ...(EXAMPLE_CONTENTS.TAG_PUSH as Record<string, unknown>), namespace, repository },
    dedupKey: id,
  };
}
