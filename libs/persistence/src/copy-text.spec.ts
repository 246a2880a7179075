import { copyableText, copyField } from './copy-text';

describe('copy-text', () => {
  it('escapes the delimiter, line ends and backslashes, and leaves the rest', () => {
    expect(copyField('plain é 😀')).toBe('plain é 😀');
    expect(copyField('a\tb\nc\rd\\e\\N')).toBe('a\\tb\\nc\\rd\\\\e\\\\N');
  });

  it('writes SQL null as \\N', () => {
    expect(copyField(null)).toBe('\\N');
    expect(copyField(undefined)).toBe('\\N');
    expect(copyField('')).toBe('');
  });

  it('tells text COPY cannot store as it is', () => {
    expect(copyableText('fine \ud83d\ude00')).toBe(true);
    expect(copyableText('a\u0000b')).toBe(false);
    expect(copyableText('a\ud800b')).toBe(false);
  });
});
