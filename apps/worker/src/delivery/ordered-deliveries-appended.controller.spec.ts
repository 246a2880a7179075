import type { HookyardConfig } from '@hookyard/config';
import { OrderedDeliveriesAppendedController } from './ordered-deliveries-appended.controller';
import type { OrderedDeliveryRunner } from './ordered-delivery.runner';

describe('OrderedDeliveriesAppendedController', () => {
  const runner = { wake: jest.fn() };
  const controller = new OrderedDeliveriesAppendedController(
    runner as unknown as OrderedDeliveryRunner,
    { redis: { prefix: 'hy' } } as HookyardConfig,
  );

  beforeEach(() => runner.wake.mockClear());

  it("wakes the runner for its own install's deliveries only", () => {
    controller.appended({ prefix: 'other' });
    expect(runner.wake).not.toHaveBeenCalled();
    controller.appended({ prefix: 'hy' });
    expect(runner.wake).toHaveBeenCalledTimes(1);
  });
});
