import { validateSync } from 'class-validator';
import { IsZonedTimestamp } from './zoned-timestamp';

class Probe {
  @IsZonedTimestamp('at')
  at: unknown;
}

const accepts = (at: unknown) => {
  const probe = Object.assign(new Probe(), { at });
  return validateSync(probe).length === 0;
};

describe('IsZonedTimestamp', () => {
  it('accepts date-times with a time zone', () => {
    for (const at of ['2026-01-01T00:00:00Z', '2026-01-01T00:00Z', '2026-06-30T23:59:59.123+02:00']) {
      expect({ at, ok: accepts(at) }).toEqual({ at, ok: true });
    }
  });

  it('refuses dates without a zone, impossible dates, extended years and non-strings', () => {
    for (const at of [
      '2026-01-01T00:00:00',
      '2026-01-01',
      '2026-02-30T00:00:00Z',
      '+275760-09-14T00:00:00Z',
      'yesterday',
      ['2026-01-01T00:00:00Z'],
      1767225600000,
    ]) {
      expect({ at, ok: accepts(at) }).toEqual({ at, ok: false });
    }
    const [error] = validateSync(Object.assign(new Probe(), { at: 'soon' }));
    expect(Object.values(error.constraints!)).toEqual([
      'at must be an ISO-8601 date-time with a time zone, e.g. 2026-01-01T00:00:00Z',
    ]);
  });
});
