import type { CanonicalEvent } from '@hookyard/events';
import type { DeliveryQueue, OrderedSequences } from '@hookyard/queue';
import type { SubscriptionIndexService } from '../subscription-index/subscription-index.service';
import type { IndexedSubscription } from '../subscription-index/subscription-index';
import { DispatchService } from './dispatch.service';

const subscription = (id: string, ordered?: true): IndexedSubscription => ({
  id,
  eventTypes: ['TAG_PUSH'],
  namespace: 'acme',
  repository: null,
  options: ordered ? { ordered } : {},
});

describe('DispatchService', () => {
  const matched = [subscription('plain'), subscription('in-order', true)];
  const index = { ensureCurrent: jest.fn(), match: jest.fn(() => matched) };
  const deliveries = { addMatched: jest.fn(async () => 1) };
  const sequences = { append: jest.fn() };
  const service = new DispatchService(
    index as unknown as SubscriptionIndexService,
    deliveries as unknown as DeliveryQueue,
    sequences as unknown as OrderedSequences,
  );
  const events = [{ id: 'e1' }, { id: 'e2' }] as CanonicalEvent[];

  beforeEach(() => jest.clearAllMocks());

  it("queues jobs for unordered subscriptions and puts ordered ones' deliveries in their sequences at the events' stream ids", async () => {
    expect(await service.dispatch(events, '3', ['10-0', '10-1'])).toBe(4);
    expect(index.ensureCurrent).toHaveBeenCalledWith('3');
    expect(deliveries.addMatched).toHaveBeenCalledWith([
      { event: events[0], subscriptionIds: ['plain'] },
      { event: events[1], subscriptionIds: ['plain'] },
    ]);
    expect(sequences.append).toHaveBeenCalledWith([
      { event: events[0], streamId: '10-0', subscriptionId: 'in-order' },
      { event: events[1], streamId: '10-1', subscriptionId: 'in-order' },
    ]);
  });

  it('makes no call for sequences when no ordered subscription matched', async () => {
    index.match.mockReturnValueOnce([subscription('plain')]).mockReturnValueOnce([]);
    expect(await service.dispatch(events, null, ['10-0', '10-1'])).toBe(1);
    expect(sequences.append).not.toHaveBeenCalled();
  });
});
