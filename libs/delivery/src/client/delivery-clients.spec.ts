import { Receiver, startReceiver } from '@hookyard/testing';
import { AddressPolicy } from '../address-guard/address-policy';
import { DeliveryClient, DeliveryError, RESPONSE_BODY_LIMIT } from './delivery-client';
import { UndiciDeliveryClient } from './undici-delivery-client';

// GotDeliveryClient is left out: got is ESM-only and jest cannot import() it without
// --experimental-vm-modules.
describe('undici delivery client against a real receiver', () => {
  const create = (policy: AddressPolicy): DeliveryClient => new UndiciDeliveryClient(policy);
  let receiver: Receiver;
  const strict = create(new AddressPolicy([]));
  const loopbackAllowed = create(new AddressPolicy(['127.0.0.0/8']));
  const post = (client: DeliveryClient, url: string) =>
    client.send({ url, headers: { 'content-type': 'application/json' }, body: '{}', timeoutMs: 2000 });

  beforeAll(async () => {
    receiver = await startReceiver();
  });
  beforeEach(() => receiver.reset());
  afterAll(async () => {
    await Promise.all([strict.close(), loopbackAllowed.close(), receiver.close()]);
  });

  it.each([
    ['loopback', 'http://127.0.0.1:9/'],
    ['private 10/8', 'http://10.0.0.1/'],
    ['private 172.16/12', 'http://172.16.0.1/'],
    ['private 192.168/16', 'http://192.168.0.1/'],
    ['link-local metadata', 'http://169.254.169.254/latest/meta-data/'],
    ['IPv6 loopback', 'http://[::1]:9/'],
    ['unique-local', 'http://[fc00::1]/'],
    ['IPv6 link-local', 'http://[fe80::1]/'],
    ['multicast', 'http://224.0.0.1/'],
    ['IPv6 multicast', 'http://[ff02::1]/'],
    ['unspecified', 'http://0.0.0.0:9/'],
    ['IPv4-mapped loopback', 'http://[::ffff:127.0.0.1]:9/'],
  ])('refuses %s (%s) without connecting', async (_range, url) => {
    await expect(post(strict, url)).rejects.toMatchObject({ code: 'EREFUSEDADDRESS' });
  });

  it('refuses a DNS name resolving to loopback at connect time', async () => {
    const error = await post(strict, `http://localhost:${receiver.port}/hook`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error).toMatchObject({ code: 'EREFUSEDADDRESS', message: expect.stringMatching(/localhost/) });
    expect(receiver.count).toBe(0);
  });

  it('opens ranges listed in the allowlist', async () => {
    expect((await post(loopbackAllowed, `http://localhost:${receiver.port}/hook`)).status).toBe(200);
  });

  it('does not follow redirects: a 302 is the answer', async () => {
    receiver.respondWith({ status: 302, headers: { location: `${receiver.origin}/elsewhere` } });
    const response = await post(loopbackAllowed, receiver.url);
    expect(response.status).toBe(302);
    await new Promise((r) => setTimeout(r, 100));
    expect(receiver.requests.map((r) => r.path)).toEqual(['/hook']);
  });

  it('keeps only the first bytes of a large response body', async () => {
    receiver.respondWith({ status: 200, body: 'x'.repeat(RESPONSE_BODY_LIMIT * 10) });
    const response = await post(loopbackAllowed, receiver.url);
    expect(response.body).toHaveLength(RESPONSE_BODY_LIMIT);
  });
});
