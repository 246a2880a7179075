import { notAuthorized, PermissionService } from '@hookyard/auth';
import { alaudaEventsOf, AlaudaSubjectType, EventType, splitRepositoryName } from '@hookyard/events';
import { ApiError } from '@hookyard/http';
import { Account, Listing, SubscriptionFilter, SubscriptionOf } from '@hookyard/persistence';
import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { EndpointValidator } from '../subscriptions/endpoint-validator.service';
import { previousSecretLifetimeMs } from '../subscriptions/secret-rotation';
import {
  OptionsRequest,
  OptionsVocabulary,
  SubscriptionOptionsService,
} from '../subscriptions/subscription-options.service';
import { activation, SubscriptionsService } from '../subscriptions/subscriptions.service';
import {
  CreateAlaudaHookDto,
  ListAlaudaHooksQuery,
  RotateAlaudaHookSecretDto,
  UpdateAlaudaHookDto,
} from './dtos';

/** Hookyard's options in Alauda's snake_case. */
const ALAUDA_OPTIONS: OptionsVocabulary = {
  fields: {
    tagPattern: 'tag_pattern',
    repositoryPattern: 'repository_pattern',
    payloadFormat: 'payload_format',
    headers: 'headers',
    ordered: 'ordered',
    rateLimit: 'rate_limit',
  },
  ownPayloadFormat: 'alauda',
};

const optionsOf = (dto: UpdateAlaudaHookDto): OptionsRequest => ({
  tagPattern: dto.tag_pattern,
  repositoryPattern: dto.repository_pattern,
  payloadFormat: dto.payload_format,
  headers: dto.headers,
  ordered: dto.ordered,
  rateLimit: dto.rate_limit,
});

type AlaudaHook = SubscriptionOf<'alauda'>;

const noSuchHook = (id: string) => new ApiError(404, 'NOT_FOUND', `hook ${id} does not exist`, { id });

/** Alauda's /v1/hooks (Alauda API docs) over the shared subscription store. */
@Injectable()
export class AlaudaHooksService {
  constructor(
    private readonly subscriptions: SubscriptionsService,
    private readonly permissions: PermissionService,
    private readonly endpoints: EndpointValidator,
    private readonly options: SubscriptionOptionsService,
  ) {}

  async create(account: Account, dto: CreateAlaudaHookDto): Promise<AlaudaHook> {
    const eventTypes = this.eventTypesOf(dto.subject_type, dto.events);
    const target = splitRepositoryName(dto.subject);
    await this.assertMaySubscribe(account, eventTypes, target);
    const options = this.options.resolve(optionsOf(dto), ALAUDA_OPTIONS, { eventTypes, ...target });
    await this.endpoints.assertDeliverable(dto.url, 'url');
    return this.subscriptions.create(account, {
      api: 'alauda',
      apiFields: {
        id: await this.subscriptions.nextAlaudaHookId(),
        name: dto.name,
        subject_type: dto.subject_type,
        subject: dto.subject,
        events: [...new Set(dto.events)],
        created_by: account.name,
        updated_at: new Date().toISOString(),
      },
      eventTypes,
      ...target,
      key: dto.subject,
      endpoint: dto.url,
      secret: dto.secret,
      options,
    });
  }

  /** The hooks the account may administer, optionally of one subject type and subject. */
  list(account: Account, query: ListAlaudaHooksQuery): Promise<Listing<AlaudaHook>> {
    const filter: SubscriptionFilter<'alauda'> = {};
    if (query.subject !== undefined) Object.assign(filter, subjectFilter(query.subject));
    if (query.subject_type !== undefined)
      filter.apiField = { name: 'subject_type', value: query.subject_type };
    return this.subscriptions.listAdministered(account, 'alauda', filter);
  }

  /** A hook its caller administers now; ids are sequential, so others get 404 unless they can see its subject. */
  async get(account: Account, id: string): Promise<AlaudaHook> {
    const hook = /^\d{1,10}$/.test(id)
      ? await this.subscriptions.findOneWhere('alauda', {
          apiField: { name: 'id', value: String(Number(id)) },
        })
      : null;
    return this.permissions.administered(account, hook, () => noSuchHook(id));
  }

  async update(account: Account, id: string, dto: UpdateAlaudaHookDto): Promise<AlaudaHook> {
    const hook = await this.get(account, id);
    const fields = hook.apiFields;
    const changes: Partial<AlaudaHook> = {};
    const events = dto.events ? [...new Set(dto.events)] : fields.events;
    if (dto.events) {
      changes.eventTypes = this.eventTypesOf(fields.subject_type, dto.events);
      await this.assertMaySubscribe(account, changes.eventTypes, hook);
    }
    changes.options = this.options.resolve(
      optionsOf(dto),
      ALAUDA_OPTIONS,
      {
        eventTypes: changes.eventTypes ?? hook.eventTypes,
        namespace: hook.namespace,
        repository: hook.repository,
      },
      hook.options,
    );
    if (dto.url !== undefined) {
      await this.endpoints.assertDeliverable(dto.url, 'url');
      changes.endpoint = dto.url;
    }
    if (dto.secret !== undefined) changes.secret = dto.secret;
    if (dto.is_active !== undefined) Object.assign(changes, activation(hook, dto.is_active));
    return this.subscriptions.update(hook, {
      ...changes,
      apiFields: { ...fields, events, name: dto.name ?? fields.name, updated_at: new Date().toISOString() },
    });
  }

  /**
   * A new secret (the one given, or a random one); the current one keeps signing beside it for
   * `expire_after` (default 24 h). PUT with a secret still replaces it at once, as in Alauda.
   */
  async rotateSecret(account: Account, id: string, dto: RotateAlaudaHookSecretDto): Promise<AlaudaHook> {
    const lifetimeMs = previousSecretLifetimeMs(dto.expire_after, 'expire_after');
    const hook = await this.get(account, id);
    return this.subscriptions.rotateSecret(
      hook,
      dto.secret ?? randomBytes(24).toString('base64url'),
      lifetimeMs,
    );
  }

  async remove(account: Account, id: string): Promise<void> {
    await this.subscriptions.remove(await this.get(account, id));
  }

  /** The canonical event of each Alauda event, or 400 naming the events the subject type lacks. */
  private eventTypesOf(subjectType: AlaudaSubjectType, events: string[]): EventType[] {
    const supported = alaudaEventsOf(subjectType);
    const unsupported = events.filter((event) => !Object.hasOwn(supported, event));
    if (unsupported.length > 0) {
      throw new ApiError(
        400,
        'INVALID_PARAMETERS',
        `${unsupported.join(', ')} not supported for subject_type ${subjectType}; supported events: ${Object.keys(supported).join(', ')}`,
        { field: 'events' },
      );
    }
    return [...new Set(events.map((event) => supported[event]))];
  }

  private async assertMaySubscribe(
    account: Account,
    eventTypes: EventType[],
    target: { namespace: string | null; repository: string | null },
  ): Promise<void> {
    if (!(await this.permissions.canSubscribe(account, eventTypes, target))) {
      throw notAuthorized(`you need admin access to ${target.namespace}/${target.repository}`);
    }
  }
}

/**
 * The hooks of one subject. A hook's subject is its key, split into its namespace and repository
 * when it was made (an unsplittable subject names no hook); the filter names those columns too,
 * which the listing's index reads.
 */
function subjectFilter(subject: string): SubscriptionFilter<'alauda'> {
  const slash = subject.indexOf('/');
  return slash > 0 && slash < subject.length - 1
    ? { key: subject, ...splitRepositoryName(subject) }
    : { key: subject, namespace: subject, repository: null };
}
