import { ORDERED_DELIVERIES_APPENDED, SubscriptionChangesServer } from '@hookyard/queue';
import { RedisContext } from '@nestjs/microservices';
import { OrderedDeliveriesAppendedController } from './ordered-deliveries-appended.controller';
import type { OrderedDeliveryRunner } from './ordered-delivery.runner';

describe('OrderedDeliveriesAppendedController', () => {
  const runner = { wake: jest.fn() };
  const controller = new OrderedDeliveriesAppendedController(runner as unknown as OrderedDeliveryRunner);
  // Through the transport, which passes on the messages of its own install only.
  const server = new SubscriptionChangesServer({ url: 'redis://127.0.0.1:6379', prefix: 'hy' });
  server.addHandler(ORDERED_DELIVERIES_APPENDED, async () => controller.appended(), true);
  const appended = (prefix: string) =>
    server.handleEvent(
      ORDERED_DELIVERIES_APPENDED,
      { pattern: ORDERED_DELIVERIES_APPENDED, data: { prefix } },
      new RedisContext(['']),
    );

  beforeEach(() => runner.wake.mockClear());

  it("wakes the runner for its own install's deliveries only", async () => {
    await appended('other');
    expect(runner.wake).not.toHaveBeenCalled();
    await appended('hy');
    expect(runner.wake).toHaveBeenCalledTimes(1);
  });
});
