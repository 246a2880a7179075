import type { EventType } from '@hookyard/events';

/** Alauda subject types, the events each supports (Alauda API docs) and the canonical event behind each. */
export const ALAUDA_SUBJECT_EVENTS = {
  build_repo: { 'build:complete': 'BUILD_COMPLETED' },
  image_repo: { 'image:push': 'TAG_PUSH' },
  job: { 'job:succeed': 'JOB_SUCCEEDED', 'job:fail': 'JOB_FAILED' },
} as const satisfies Record<string, Record<string, EventType>>;

export type AlaudaSubjectType = keyof typeof ALAUDA_SUBJECT_EVENTS;
export const ALAUDA_SUBJECT_TYPES = Object.keys(ALAUDA_SUBJECT_EVENTS) as AlaudaSubjectType[];

/** Alauda's fields of a subscription, kept in Subscription.apiFields. */
export interface AlaudaApiFields {
  id: number;
  name: string;
  subject_type: AlaudaSubjectType;
  subject: string;
  events: string[];
  created_by: string;
  updated_at: string;
}

/** The Alauda event names of `subjectType` a canonical event type raises. */
export function alaudaEventFor(subjectType: AlaudaSubjectType, type: EventType): string | undefined {
  const events: Record<string, EventType> = ALAUDA_SUBJECT_EVENTS[subjectType];
  return Object.keys(events).find((name) => events[name] === type);
}
