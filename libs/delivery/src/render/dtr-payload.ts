import type { CanonicalEvent } from '@hookyard/events';

/** DTR's delivery wrapper (DTR webhook API docs): `{type, createdAt, contents}`. */
export interface DtrPayload {
  type: string;
  createdAt: string;
  contents: object;
}

export function renderDtrPayload(event: CanonicalEvent): DtrPayload {
  return { type: event.type, createdAt: event.occurredAt, contents: event.contents };
}
