import { copyableText, copyField, utf8Lines } from './copy-text';

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

  it('encodes lines one after another as UTF-8, in a buffer of their exact size', () => {
    const lines = ['plain\t\\N\n', 'é 😀 \u00ff\n', '', 'lone \ud800 surrogate\n', 'ascii again\n'];
    const buffer = utf8Lines(lines);
    expect(buffer.equals(Buffer.from(lines.join(''), 'utf8'))).toBe(true);
    expect(buffer.length).toBe(Buffer.byteLength(lines.join('')));
    expect(utf8Lines([]).length).toBe(0);
  });
});
