import type { SubscriptionRepository } from '@hookyard/persistence';
import { QuayScanThresholds } from './quay-scan-thresholds';

/** Over a repository answering stored priorities (the query itself: subscription.repository.spec). */
describe('QuayScanThresholds', () => {
  it("starts at Critical and is lowered by any of the repository's vulnerability_found priorities", async () => {
    const stored: Record<string, unknown[]> = {};
    const quayVulnerabilityPriorities = jest.fn(
      async (namespace: string, repository: string) => stored[`${namespace}/${repository}`] ?? [],
    );
    const thresholds = new QuayScanThresholds({
      quayVulnerabilityPriorities,
    } as unknown as SubscriptionRepository);
    expect(await thresholds.forRepository('acme', 'api')).toBe('Critical');

    // What the column holds: a priority, another JSON value, or null where absent.
    stored['acme/api'] = ['Critical', 'Medium', null, { priority: 'Low' }];
    stored['acme/web'] = ['Low'];

    // Read once and reused until a subscription change clears it.
    expect(await thresholds.forRepository('acme', 'api')).toBe('Critical');
    thresholds.clear();
    expect(await thresholds.forRepository('acme', 'api')).toBe('Medium');
    expect(await thresholds.forRepository('acme', 'web')).toBe('Low');
    expect(await thresholds.forRepository('acme', 'none')).toBe('Critical');
    expect(quayVulnerabilityPriorities).toHaveBeenCalledTimes(4);
  });
});
