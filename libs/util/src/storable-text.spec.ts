import { toStorableText, unstorableText } from './storable-text';

describe('storable text', () => {
  it('names what PostgreSQL text cannot take as it is', () => {
    expect(unstorableText('plain, ünïcödé and 🐳')).toBeUndefined();
    expect(unstorableText('a\u0000b')).toBe('NUL character');
    expect(unstorableText('a\ud800')).toBe('unpaired surrogate');
    expect(unstorableText('\udc00a')).toBe('unpaired surrogate');
  });

  it('replaces NUL and unpaired surrogates with U+FFFD and leaves the rest', () => {
    const fine = 'plain 🐳 \ufffd';
    expect(toStorableText(fine)).toBe(fine);
    expect(toStorableText('a\u0000b\ud800c\udbff\udfffd\udc00')).toBe('a\ufffdb\ufffdc\udbff\udfffd\ufffd');
  });
});
