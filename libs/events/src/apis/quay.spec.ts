import type { CanonicalEvent } from '../canonical-event';
import type { EventType } from '../event-types';
import { EXAMPLE_CONTENTS } from '../example-contents';
import { QuayApiFields, QuayEvent, quayNotificationWants, requestedPriority, scanPriority } from './quay';

const notification = (event: QuayEvent, eventConfig: Record<string, unknown> = {}): QuayApiFields => ({
  uuid: 'u1',
  event,
  method: 'webhook',
  config: { url: 'https://example.com/hook' },
  eventConfig,
  title: '',
});

const event = (type: EventType, contents: object = {}): CanonicalEvent => ({
  id: 'e1',
  type,
  occurredAt: '2026-11-23T06:00:49.428Z',
  source: 'scanner',
  contents: { ...EXAMPLE_CONTENTS[type], ...contents },
  dedupKey: 'd1',
});

const summary = (critical: number, major: number, minor: number) => ({
  scanSummary: { ...EXAMPLE_CONTENTS.SCAN_COMPLETED.scanSummary, critical, major, minor },
});

describe('Quay vocabulary', () => {
  it("maps DTR's critical/major/minor counts to Quay's Critical/High/Low, nothing found to none", () => {
    const priority = (critical: number, major: number, minor: number) =>
      scanPriority({ ...EXAMPLE_CONTENTS.SCAN_COMPLETED, ...summary(critical, major, minor) });
    expect([priority(1, 1, 1), priority(0, 3, 1), priority(0, 0, 2), priority(0, 0, 0)]).toEqual([
      'Critical',
      'High',
      'Low',
      undefined,
    ]);
  });

  it('reads the requested priority only from a vulnerability object', () => {
    expect(requestedPriority({ vulnerability: { priority: 'High' } })).toBe('High');
    expect(requestedPriority({ vulnerability: { priority: 'Severe' } })).toBe('Severe');
    expect(requestedPriority({ vulnerability: 'High' })).toBeUndefined();
    expect(requestedPriority({ vulnerability: null })).toBeUndefined();
    expect(requestedPriority({})).toBeUndefined();
  });

  it('fires vulnerability_found on findings of at least the requested priority', () => {
    const high = notification('vulnerability_found', { vulnerability: { priority: 'High' } });
    expect(quayNotificationWants(high, event('SCAN_COMPLETED', summary(0, 1, 0)))).toBe(true);
    expect(quayNotificationWants(high, event('SCAN_COMPLETED', summary(0, 0, 4)))).toBe(false);
    expect(
      quayNotificationWants(notification('vulnerability_found'), event('SCAN_COMPLETED', summary(0, 0, 1))),
    ).toBe(true);
  });

  it('tells build_success from build_failure by the outcome, and takes every event of the other types', () => {
    const failed = event('BUILD_COMPLETED', { status: 'failed' });
    expect(quayNotificationWants(notification('build_failure'), failed)).toBe(true);
    expect(quayNotificationWants(notification('build_success'), failed)).toBe(false);
    expect(quayNotificationWants(notification('repo_push'), event('TAG_PUSH'))).toBe(true);
  });
});
