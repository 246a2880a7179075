import { ApiError } from './api-error';
import { MAX_JSON_DEPTH, parseJsonInput } from './json-input';

function refusal(text: string): { status: number; message: string; detail?: unknown; type?: string } {
  try {
    parseJsonInput(text);
  } catch (error) {
    if (error instanceof ApiError)
      return { status: error.getStatus(), message: error.message, detail: error.detail };
    const { status, type, message } = error as { status: number; type: string; message: string };
    return { status, type, message };
  }
  throw new Error(`accepted: ${text.slice(0, 100)}`);
}

describe('parseJsonInput', () => {
  it('parses objects and arrays, with escapes, pairs of surrogates and the same key in different objects', () => {
    const text = '{"a":"x\\"y\\\\","b":[{"a":1},{"a":2}],"c":{"a":"🐳 \\ud83d\\udc33"}, "d" : {} }';
    expect(parseJsonInput(text)).toEqual(JSON.parse(text));
    expect(parseJsonInput('[1, "two", null]')).toEqual([1, 'two', null]);
    expect(parseJsonInput('')).toEqual({});
  });

  it('refuses what is not JSON, or not an object or array, as body-parser does', () => {
    expect(refusal('{"a":')).toMatchObject({ status: 400, type: 'entity.parse.failed' });
    expect(refusal('"a"')).toMatchObject({ status: 400, type: 'entity.parse.failed' });
    expect(refusal('123')).toMatchObject({ status: 400, type: 'entity.parse.failed' });
  });

  it.each([
    ['NUL in a value', '{"a":{"b":["ok","x\\u0000"]}}', 'a.b[1] must not contain NUL characters', ['a']],
    [
      'an unpaired surrogate',
      '{"url":"\\ud800"}',
      'url must be well-formed Unicode (it has an unpaired surrogate)',
      ['url'],
    ],
    [
      'a low surrogate alone',
      '{"x y":"\\udc00a"}',
      '["x y"] must be well-formed Unicode (it has an unpaired surrogate)',
      ['x y'],
    ],
    ['NUL in a key', '{"a\\u0000":1}', '["a\\u0000"] (the key) must not contain NUL characters', ['a\u0000']],
    [
      '__proto__',
      '{"config":{"__proto__":{"admin":true}}}',
      'config.__proto__ is not allowed as a key',
      ['config'],
    ],
    [
      'constructor',
      '{"constructor":{"prototype":{}}}',
      'constructor is not allowed as a key',
      ['constructor'],
    ],
    ['prototype', '[{"prototype":1}]', '[0].prototype is not allowed as a key', ['0']],
    ['a key given twice', '{"type":"A","x":{"y":1},"type":"B"}', 'type is given more than once', ['type']],
    ['a nested key given twice', '{"a":[{"b":{"c":1,"c":2}}]}', 'a[0].b.c is given more than once', ['a']],
    [
      'deep nesting',
      '{"a":' + '['.repeat(10_000) + ']'.repeat(10_000) + '}',
      `a nests deeper than ${MAX_JSON_DEPTH} levels`,
      ['a'],
    ],
  ])('refuses %s, naming where', (_, text, message, fields) => {
    expect(refusal(text)).toEqual({ status: 400, message, detail: { fields } });
  });

  it('allows nesting up to the limit', () => {
    const nested = '['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH);
    expect(parseJsonInput(nested)).toBeInstanceOf(Array);
    expect(refusal(`[${nested}]`).message).toBe(`[0] nests deeper than ${MAX_JSON_DEPTH} levels`);
  });

  it('finds a key given twice in text with escapes, whatever else the escapes add', () => {
    expect(refusal('{"a":1,"a":2,"b":"\\"\\""}').message).toBe('a is given more than once');
    expect(refusal('{"b":"\\u0022","a":1,"\\u0061":2}').message).toBe('a is given more than once');
  });

  it('counts keys right around escaped quotes and colons in strings', () => {
    const text = '{"a\\\\":"\\":\\"","b":"\\\\\\"","c:":{"\\"d":":"}}';
    expect(parseJsonInput(text)).toEqual(JSON.parse(text));
  });
});
