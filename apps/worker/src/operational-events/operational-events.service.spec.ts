import { type CanonicalEvent, eventIdFor, EXAMPLE_CONTENTS, validateContents } from '@hookyard/events';
import type { Subscription } from '@hookyard/persistence';
import type { EventStreamAppender } from '@hookyard/queue';
import { FailedDelivery, OperationalEvents } from './operational-events.service';

const subscription = {
  id: 'w1',
  api: 'quay',
  namespace: 'acme',
  repository: 'api',
} as Subscription;
const tagPush = { id: 'e1', type: 'TAG_PUSH' } as CanonicalEvent;

function emitter(fail = false) {
  const appended: CanonicalEvent[] = [];
  const stream = {
    append: jest.fn(async (events: CanonicalEvent[]) => {
      if (fail) throw new Error('Redis away');
      appended.push(...events);
      return events;
    }),
  };
  return { events: new OperationalEvents(stream as unknown as EventStreamAppender), appended, stream };
}

const failure = (fields: Partial<FailedDelivery>): FailedDelivery => ({
  event: tagPush,
  deliveryId: '0c6f3a4e-2b1d-4c5e-8f7a-9b0c1d2e3f4a',
  webhookId: 'msg_1',
  attempt: 1,
  last: false,
  lastResponseStatus: 500,
  error: 'HTTP 500',
  ...fields,
});

describe('OperationalEvents', () => {
  it('raises DELIVERY_FAILING on the 4th failed attempt only, and DELIVERY_EXHAUSTED on the last', async () => {
    const { events, appended } = emitter();
    for (const attempt of [1, 2, 3, 4, 5]) await events.deliveryFailed(subscription, failure({ attempt }));
    await events.deliveryFailed(subscription, failure({ attempt: 6, last: true }));
    expect(appended.map((event) => event.type)).toEqual(['DELIVERY_FAILING', 'DELIVERY_EXHAUSTED']);
    const [failing, exhausted] = appended;
    expect(failing).toMatchObject({
      source: 'hookyard',
      namespace: 'acme',
      repository: 'api',
      id: eventIdFor(`operational:DELIVERY_FAILING:${failure({}).deliveryId}`),
      contents: {
        webhookID: 'w1',
        api: 'quay',
        namespace: 'acme',
        repository: 'api',
        deliveryID: failure({}).deliveryId,
        eventID: 'e1',
        eventType: 'TAG_PUSH',
        webhookMessageID: 'msg_1',
        attempts: 4,
        lastResponseStatus: 500,
        error: 'HTTP 500',
      },
    });
    expect(exhausted.contents).toMatchObject({ attempts: 6 });
    // Every operational event passes its type's schema, as the examples do.
    for (const event of appended) expect(validateContents(event.type, event.contents).errors).toEqual([]);
    expect(validateContents('DELIVERY_FAILING', EXAMPLE_CONTENTS.DELIVERY_FAILING).errors).toEqual([]);
  });

  it('says why a webhook was turned off, keyed by its namespace; a key-less webhook has none', async () => {
    const { events, appended } = emitter();
    await events.webhookDisabled(
      subscription,
      { reason: 'failed-deliveries', consecutiveFailures: 5 },
      tagPush,
    );
    await events.webhookDisabled(
      { ...subscription, api: 'dtr', namespace: null, repository: null } as Subscription,
      { reason: 'endpoint-gone' },
      tagPush,
    );
    expect(appended.map(({ type, namespace, contents }) => ({ type, namespace, contents }))).toEqual([
      {
        type: 'WEBHOOK_DISABLED',
        namespace: 'acme',
        contents: {
          webhookID: 'w1',
          api: 'quay',
          namespace: 'acme',
          repository: 'api',
          reason: 'failed-deliveries',
          consecutiveFailures: 5,
          disabledAt: expect.any(String),
        },
      },
      {
        type: 'WEBHOOK_DISABLED',
        namespace: undefined,
        contents: { webhookID: 'w1', api: 'dtr', reason: 'endpoint-gone', disabledAt: expect.any(String) },
      },
    ]);
    for (const event of appended) expect(validateContents(event.type, event.contents).errors).toEqual([]);
  });

  it('raises nothing about deliveries of operational events (no loops)', async () => {
    const { events, appended } = emitter();
    const operational = { id: 'e2', type: 'DELIVERY_EXHAUSTED' } as CanonicalEvent;
    await events.deliveryFailed(subscription, failure({ event: operational, attempt: 4 }));
    await events.deliveryFailed(subscription, failure({ event: operational, last: true }));
    await events.webhookDisabled(subscription, { reason: 'endpoint-gone' }, operational);
    expect(appended).toEqual([]);
  });

  it('scrubs credentials from the error, and lets a delivery go on when Redis is away', async () => {
    const { events, appended } = emitter();
    await events.deliveryFailed(
      subscription,
      failure({ last: true, error: 'ECONNREFUSED: https://user:hunter2@receiver.example/hook?token=abc' }),
    );
    expect(String(appended[0].contents.error)).not.toMatch(/hunter2|abc/);
    const broken = emitter(true);
    await expect(
      broken.events.deliveryFailed(subscription, failure({ last: true })),
    ).resolves.toBeUndefined();
  });
});
