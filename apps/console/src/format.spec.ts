import { formatTime, percent, prettyBody } from './format';

describe('console format helpers', () => {
  it('pretty-prints JSON bodies and leaves others alone', () => {
    expect(prettyBody('{"a":1,"b":[2]}')).toBe('{\n  "a": 1,\n  "b": [\n    2\n  ]\n}');
    expect(prettyBody('plain text')).toBe('plain text');
    expect(prettyBody(null)).toBe('');
  });

  it('says never for DTR zero time and missing times, relative times otherwise', () => {
    const now = Date.parse('2024-05-01T12:00:00Z');
    expect(formatTime('0001-01-01T00:00:00Z', now)).toBe('never');
    expect(formatTime(null, now)).toBe('never');
    expect(formatTime('2024-05-01T11:59:30Z', now)).toBe('30s ago');
    expect(formatTime('2024-05-01T11:30:00Z', now)).toBe('30 min ago');
    expect(formatTime('2024-05-01T09:00:00Z', now)).toBe('3 h ago');
  });

  it('shows rates as percentages, with a decimal below 10%', () => {
    expect(percent(null)).toBe('–');
    expect(percent(0)).toBe('0%');
    expect(percent(0.0512)).toBe('5.1%');
    expect(percent(0.5)).toBe('50%');
  });
});
