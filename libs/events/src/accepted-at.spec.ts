import { acceptedAtMs } from './accepted-at';
import type { CanonicalEvent } from './canonical-event';

describe('acceptedAtMs', () => {
  const event = (acceptedAt?: string) =>
    ({
      id: 'e1',
      type: 'TAG_PUSH',
      occurredAt: '',
      source: 'e2e',
      contents: {},
      acceptedAt,
    }) as CanonicalEvent;

  it("is ingest's acceptance in ms, or NaN for an event queued without one", () => {
    expect(acceptedAtMs(event('2030-01-01T00:00:01.500Z'))).toBe(Date.UTC(2030, 0, 1, 0, 0, 1, 500));
    expect(acceptedAtMs(event())).toBeNaN();
  });

  it('is read once per event object', () => {
    const accepted = event('2030-01-01T00:00:00.000Z');
    const parse = jest.spyOn(Date, 'parse');
    acceptedAtMs(accepted);
    acceptedAtMs(accepted);
    expect(parse).toHaveBeenCalledTimes(1);
    parse.mockRestore();
  });
});
