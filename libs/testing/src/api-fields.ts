import type { AlaudaSubjectType, ApiSpecificFields, QuayApiFields } from '@hookyard/events';
import { randomUUID } from 'node:crypto';

/** A DTR webhook's API and fields (it has none of its own), for subscriptions made in specs. */
export const DTR_FIELDS: ApiSpecificFields = { api: 'dtr', apiFields: {} };

/** An Alauda hook's API and fields on `acme/api`. */
export const alaudaFields = (subjectType: AlaudaSubjectType, id: number): ApiSpecificFields => ({
  api: 'alauda',
  apiFields: {
    id,
    name: subjectType,
    subject_type: subjectType,
    subject: 'acme/api',
    events: [],
    created_by: 'tess',
    updated_at: '2026-11-23T06:00:00.000Z',
  },
});

/** A Quay notification's API and fields: a repo_push webhook unless `fields` say otherwise. */
export const quayFields = (fields: Partial<QuayApiFields> = {}): ApiSpecificFields => ({
  api: 'quay',
  apiFields: {
    uuid: randomUUID(),
    event: 'repo_push',
    method: 'webhook',
    config: { url: 'https://example.com/hook' },
    eventConfig: {},
    title: null,
    ...fields,
  },
});
