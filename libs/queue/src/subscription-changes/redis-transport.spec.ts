import { RedisContext } from '@nestjs/microservices';
import { SUBSCRIPTION_CHANGED } from '../names';
import { SubscriptionChangesServer } from './redis-transport';

describe('SubscriptionChangesServer', () => {
  const server = new SubscriptionChangesServer({ url: 'redis://127.0.0.1:6379', prefix: 'mine' });
  const handler = jest.fn();
  server.addHandler(SUBSCRIPTION_CHANGED, handler, true);
  const deliver = (data: unknown) =>
    server.handleEvent(SUBSCRIPTION_CHANGED, { pattern: SUBSCRIPTION_CHANGED, data }, new RedisContext(['']));

  it("hands its handlers the messages of its own install's prefix only", async () => {
    await deliver({ prefix: 'other', subscriptionId: 'a', version: 1 });
    await deliver({ subscriptionId: 'a', version: 1 });
    await deliver(null);
    expect(handler).not.toHaveBeenCalled();
    await deliver({ prefix: 'mine', subscriptionId: 'a', version: 1 });
    expect(handler).toHaveBeenCalledTimes(1);
    expect(handler.mock.calls[0][0]).toEqual({ prefix: 'mine', subscriptionId: 'a', version: 1 });
  });
});
