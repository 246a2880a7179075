import { RESPONSE_BODY_LIMIT, RESPONSE_HEADER_COUNT_LIMIT } from '@hookyard/delivery';
import {
  createWebhook,
  eventually,
  Receiver,
  settledDelivery,
  startReceiver,
  startStack,
  tagPushEvent,
  type CreatedWebhook,
  type ScriptedResponse,
  type Stack,
} from '@hookyard/testing';

const HUNDRED_MB = 100 * 1024 * 1024;
const manyHeaders = Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`x-h${i}`, `value ${i}`]));

/**
 * Receivers that answer with anything at all. Each is a subscription on the same push as a
 * healthy one: whatever they send is logged safely and bounded, within DELIVERY_TIMEOUT, and
 * costs no other delivery its log row.
 */
const HOSTILE: Record<string, ScriptedResponse> = {
  'NUL, invalid UTF-8 and an encoded surrogate in the body': {
    status: 200,
    body: Buffer.concat([
      Buffer.from('ok\u0000'),
      Buffer.from([0xff, 0xfe, 0xc3]),
      Buffer.from([0xed, 0xa0, 0x80]),
      Buffer.from('end'),
    ]),
  },
  '1,000 headers': { status: 200, headers: manyHeaders, body: 'many headers' },
  'a 1 MB header value': { status: 200, headers: { 'x-huge': 'h'.repeat(1024 * 1024) } },
  'NUL and bytes over 0x7f in a header': {
    status: 200,
    raw: Buffer.from(
      'HTTP/1.1 200 OK\r\nx-bytes: \xff\xfe\x80\r\nx-nul: a\u0000b\r\ncontent-length: 2\r\n\r\nok',
      'latin1',
    ),
  },
  'bytes over 0x7f in a header': {
    status: 200,
    raw: Buffer.from('HTTP/1.1 200 OK\r\nx-bytes: \xff\xfe\x80\r\ncontent-length: 2\r\n\r\nok', 'latin1'),
  },
  'not HTTP at all': { status: 200, raw: Buffer.from([0x00, 0xff, 0x13, 0x37, 0x0d, 0x0a, 0x0d, 0x0a]) },
  'a 100 MB body of announced length': {
    status: 200,
    headers: { 'content-length': String(HUNDRED_MB) },
    streamBytes: HUNDRED_MB,
  },
  'a 100 MB chunked body': { status: 200, streamBytes: HUNDRED_MB },
  'a body dripping a byte a second': { status: 200, body: 'x'.repeat(100), dripIntervalMs: 1000 },
  'a response that never ends': { status: 200, body: 'partial', neverEnd: true },
};

describe('hostile receivers (e2e)', () => {
  let stack: Stack;
  const receivers = new Map<string, Receiver>();
  const webhooks = new Map<string, CreatedWebhook>();
  let healthy: Receiver;
  let healthyWebhook: CreatedWebhook;

  beforeAll(async () => {
    stack = await startStack({
      // One attempt each: the retry comes an hour later, after the test.
      env: { DELIVERY_TIMEOUT: '2s', DELIVERY_RETRY_SCHEDULE: '1h' },
    });
    healthy = await startReceiver({ defaultResponse: { status: 200, body: 'fine' } });
    healthyWebhook = await createWebhook(stack, { key: 'acme/hostile', endpoint: healthy.url });
    for (const [name, response] of Object.entries(HOSTILE)) {
      const receiver = await startReceiver({ defaultResponse: response });
      receivers.set(name, receiver);
      webhooks.set(name, await createWebhook(stack, { key: 'acme/hostile', endpoint: receiver.url }));
    }
  });

  afterAll(async () => {
    await Promise.all([healthy, ...receivers.values()].map((receiver) => receiver?.close()));
    await stack?.stop();
  });

  describe.each(['undici', 'got'])('with the %s client', (client) => {
    const event = tagPushEvent('acme/hostile');

    beforeAll(async () => {
      if (client !== 'undici') {
        await stack.stopApp('worker');
        await stack.start('worker', { DELIVERY_CLIENT: client });
      }
      healthy.reset();
      for (const receiver of receivers.values()) receiver.reset();
      await stack.appendEvents([event]);
    });

    const attemptOf = async (name: string, status: string) => {
      const delivery = await settledDelivery(stack, webhooks.get(name)!.id, event.id, status);
      expect(delivery.attemptLog).toHaveLength(1);
      return delivery.attemptLog[0];
    };
    const receiver = (name: string) => receivers.get(name)!;

    it('the healthy subscription on the same push is delivered and logged with what was sent', async () => {
      const [request] = await healthy.waitForRequests(1);
      const delivery = await settledDelivery(stack, healthyWebhook.id, event.id, 'succeeded');
      expect(delivery.attemptLog).toEqual([
        expect.objectContaining({ responseStatus: 200, responseBody: 'fine', requestBody: request.body }),
      ]);
      expect(delivery.attemptLog[0].requestHeaders['webhook-id']).toBe(request.headers['webhook-id']);
    });

    it('NUL, invalid UTF-8 and surrogates in a body are logged as U+FFFD', async () => {
      const attempt = await attemptOf('NUL, invalid UTF-8 and an encoded surrogate in the body', 'succeeded');
      expect(attempt.responseBody).toMatch(/^ok\ufffd+end$/);
      expect(attempt.requestBody).toBe(
        receiver('NUL, invalid UTF-8 and an encoded surrogate in the body').requests[0].body,
      );
    });

    it('1,000 headers: the first ones are logged', async () => {
      const attempt = await attemptOf('1,000 headers', 'succeeded');
      expect(Object.keys(attempt.responseHeaders!)).toHaveLength(RESPONSE_HEADER_COUNT_LIMIT);
      expect(attempt.responseHeaders!['x-h0']).toBe('value 0');
      expect(attempt.responseBody).toBe('many headers');
    });

    it.each(['a 1 MB header value', 'NUL and bytes over 0x7f in a header', 'not HTTP at all'])(
      '%s: an attempt that failed, with the error',
      async (name) => {
        const attempt = await attemptOf(name, 'pending');
        expect(attempt).toMatchObject({ responseStatus: null, responseBody: null });
        expect(attempt.error).toEqual(expect.any(String));
      },
    );

    it('bytes over 0x7f in a header are logged as characters', async () => {
      const attempt = await attemptOf('bytes over 0x7f in a header', 'succeeded');
      expect(attempt.responseHeaders!['x-bytes']).toHaveLength(3);
      expect(attempt.responseBody).toBe('ok');
    });

    it.each(['a 100 MB body of announced length', 'a 100 MB chunked body'])(
      '%s: the first 4 KB are logged, the rest is never downloaded',
      async (name) => {
        const attempt = await attemptOf(name, 'succeeded');
        expect(attempt.responseBody).toBe('x'.repeat(RESPONSE_BODY_LIMIT));
        const { response } = receiver(name).requests[0];
        await eventually(async () => (response.cutOff ? true : undefined));
        expect(response.bytesWritten).toBeLessThan(HUNDRED_MB / 4);
      },
    );

    it.each(['a body dripping a byte a second', 'a response that never ends'])(
      '%s: the attempt ends at DELIVERY_TIMEOUT and the connection is closed',
      async (name) => {
        const attempt = await attemptOf(name, 'pending');
        expect(attempt.error).toBe('ETIMEDOUT: no response within 2000 ms');
        expect(attempt.responseBody).toBeNull();
        const { response } = receiver(name).requests[0];
        await eventually(async () => (response.cutOff ? true : undefined));
      },
    );

    it('nothing was lost from the delivery log', () => {
      expect(stack.logs('worker')).not.toMatch(
        /lost \d+ delivery|log row .* not written|without its content/,
      );
    });
  });
});
