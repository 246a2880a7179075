import type { EventType } from '../event-types';

/**
 * Alauda's hooks (Alauda API docs): the subject types, the events each supports and the
 * canonical event behind each.
 */
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

/** The Alauda events of a subject type, with the canonical event each stands for. */
export const alaudaEventsOf = (subjectType: AlaudaSubjectType): Readonly<Record<string, EventType>> =>
  ALAUDA_SUBJECT_EVENTS[subjectType];

/** The Alauda event of `subjectType` a canonical event type raises. */
export function alaudaEventFor(subjectType: AlaudaSubjectType, type: EventType): string | undefined {
  const events = alaudaEventsOf(subjectType);
  return Object.keys(events).find((name) => events[name] === type);
}
