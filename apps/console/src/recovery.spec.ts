import { isoToLocalInput } from './format';
import {
  RecoveryProgress,
  recoveryBounds,
  recoveryDone,
  recoverySettled,
  recoverySince,
  recoverySummary,
} from './recovery';

const progress = (over: Partial<RecoveryProgress>): RecoveryProgress => ({
  id: 'r1',
  webhookID: 'w1',
  since: '2026-01-01T00:00:00.000Z',
  createdAt: '2026-01-02T00:00:00.000Z',
  status: 'delivering',
  queued: 5,
  truncated: false,
  deliveries: { waiting: 1, pending: 1, succeeded: 2, failed: 1, skipped: 0, unsent: 0 },
  ...over,
});

describe('recovering failed deliveries (console)', () => {
  const now = new Date('2026-03-15T12:00:00Z');

  it('keeps the picker within the last 14 days, a day ago by default', () => {
    const bounds = recoveryBounds(now);
    expect(bounds.max).toBe(isoToLocalInput(now));
    expect(bounds.initial).toBe(isoToLocalInput('2026-03-14T12:00:00Z'));
    expect(bounds.min).toBe(isoToLocalInput('2026-03-01T12:01:00Z'));
  });

  it('sends the picked local time as ISO, and refuses the future, the empty and the too old', () => {
    const value = isoToLocalInput('2026-03-10T08:30:00Z');
    expect(recoverySince(value, now)).toEqual({ since: '2026-03-10T08:30:00.000Z' });
    expect(recoverySince('', now).problem).toBe('Choose a date and time.');
    expect(recoverySince(isoToLocalInput('2026-03-16T00:00:00Z'), now).problem).toBe(
      'Choose a time in the past.',
    );
    expect(recoverySince(isoToLocalInput('2026-02-28T00:00:00Z'), now).problem).toBe(
      'Choose a time within the last 14 days.',
    );
  });

  it('stops following a recovery once finished or stopped', () => {
    expect(recoverySettled('queuing')).toBe(false);
    expect(recoverySettled('delivering')).toBe(false);
    expect(recoverySettled('finished')).toBe(true);
    expect(recoverySettled('stopped')).toBe(true);
  });

  it('says where a recovery is, counting settled deliveries as done', () => {
    expect(recoveryDone(progress({}))).toBe(3);
    expect(recoverySummary(progress({}))).toBe(
      'Delivering: 3 of 5 done — 2 succeeded, 1 failed again, 1 retrying, 1 waiting.',
    );
    expect(
      recoverySummary(
        progress({
          status: 'stopped',
          stoppedReason: 'the webhook was turned off',
          deliveries: { waiting: 3, pending: 0, succeeded: 2, failed: 0, skipped: 0, unsent: 0 },
        }),
      ),
    ).toBe('Stopped (the webhook was turned off): 2 of 5 done — 2 succeeded, 3 waiting.');
    expect(recoverySummary(progress({ status: 'finished', queued: 0 }))).toBe(
      'Nothing to recover: no delivery failed since then.',
    );
  });
});
