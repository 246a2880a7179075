import type { AlaudaSubjectType, ApiSpecificFields, QuayApiFields } from '@hookyard/events';
import type { NewSubscriptionRow } from '@hookyard/persistence';
import { randomBytes, randomUUID } from 'node:crypto';

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

/** The columns every API's subscriptions have. */
export type SubscriptionColumns = Omit<NewSubscriptionRow, 'api' | 'apiFields'>;

/**
 * A subscription row for repository specs: a new id, TAG_PUSH on `key` (null: everything), active,
 * a DTR webhook unless `api` says otherwise; `fields` override any column.
 */
export function subscriptionRow(
  key: string | null,
  api: ApiSpecificFields = DTR_FIELDS,
  fields: Partial<SubscriptionColumns> = {},
): NewSubscriptionRow {
  const [namespace = null, repository = null] = key ? key.split('/') : [];
  return {
    id: randomBytes(32).toString('hex'),
    eventTypes: ['TAG_PUSH'],
    key,
    namespace,
    repository,
    endpoint: 'https://example.com/hook',
    authorId: randomUUID(),
    lastSuccessfulAt: null,
    inactive: false,
    inactiveReason: null,
    tlsCert: '',
    skipTlsVerification: false,
    secret: 'whsec_c2VjcmV0',
    previousSecret: null,
    previousSecretExpiresAt: null,
    consecutiveFailures: 0,
    options: {},
    ...fields,
    ...api,
  } as NewSubscriptionRow;
}
