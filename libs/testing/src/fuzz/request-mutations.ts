import fc from 'fast-check';

/** A valid request of one route: what mutations start from. */
export interface RequestTemplate {
  method: string;
  /** Path with its parameters filled in, each one a segment (`['api', 'v0', 'accounts', 'acme']`). */
  segments: string[];
  /** Indexes of `segments` that are parameters (mutations change only those). */
  params: number[];
  query?: Record<string, string>;
  /** A JSON body; undefined for none. */
  body?: unknown;
  contentType?: string;
}

/** What is sent: a mutated template. */
export interface FuzzRequest {
  method: string;
  path: string;
  body?: Buffer;
  contentType?: string;
  /** One line saying what was done to the template, for failure messages. */
  description: string;
}

/** A value put in place of one in the body: JSON values, hostile strings, or raw JSON text. */
type Hostile =
  | { json: unknown }
  | { text: 'nul' | 'surrogate' | 'low-surrogate' | 'long' | 'huge' | 'deep' | 'deep-array' }
  | { raw: string };

export type Mutation =
  | { kind: 'value'; at: number; value: Hostile }
  | { kind: 'key'; at: number; key: string }
  | { kind: 'drop'; at: number }
  | { kind: 'duplicate-key'; at: number }
  | { kind: 'whole-body'; value: Hostile }
  | { kind: 'truncate'; at: number }
  | { kind: 'bytes'; at: number; bytes: number[]; replace: boolean }
  | { kind: 'random-body'; bytes: number[] }
  | { kind: 'content-type'; value: string | undefined }
  | { kind: 'param'; at: number; value: string }
  /** Sets a query parameter (`repeat`: and gives it a second time). */
  | { kind: 'query'; name: string; value: string; repeat: boolean };

/** Over the gateway's body limit (100 KB) and, with the JSON around it, ingest's (1 MB). */
const HUGE_LENGTH = 1024 * 1024;
/** Under the body limits, over every field's own. */
const LONG_LENGTH = 70 * 1024;
const DEEP = 10_000;

/** 1 MB strings are rare here: each costs a megabyte both ways (the hostile-input e2e sends one to every route). */
const hostile: fc.Arbitrary<Hostile> = fc.oneof(
  { weight: 12, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((json) => ({ json })) },
  {
    weight: 8,
    arbitrary: fc.string({ unit: 'binary', maxLength: 40 }).map((json) => ({ json })),
  },
  {
    weight: 12,
    arbitrary: fc
      .constantFrom('nul', 'surrogate', 'low-surrogate', 'long', 'deep', 'deep-array')
      .map((text) => ({ text })),
  },
  { weight: 1, arbitrary: fc.constant({ text: 'huge' as const }) },
  {
    weight: 6,
    arbitrary: fc
      .constantFrom('1e999', '-1e999', '123456789012345678901234567890', '-0', '1.5e-400', '0.0000001')
      .map((raw) => ({ raw })),
  },
  {
    weight: 4,
    arbitrary: fc.constantFrom([], {}, null, true, 0, -1, 2 ** 53 + 1).map((json) => ({ json })),
  },
);

const segmentValue = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 20 }).map((value) => encodePathSegment(value)),
  fc.constantFrom('%00', 'a%00b', '%ED%A0%80', '%FF', '%C0%AF', '..', '.', '%2F', '%252F', '%5Cx', '%20'),
  fc.constantFrom('a'.repeat(300), '9'.repeat(40), '-1', '0', '1e999', 'null', 'undefined', '__proto__'),
);

const queryValue = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 20 }).map((value) => encodePathSegment(value)),
  fc.constantFrom('%00', '%ED%A0%80', '%FF', 'x'.repeat(2000), '', '1e999', '-1', '[]', '{}'),
);

/** One to three changes to a valid request, or none (one request in twenty goes as it is). */
export const mutations: fc.Arbitrary<Mutation[]> = fc.oneof(
  { weight: 1, arbitrary: fc.constant<Mutation[]>([]) },
  {
    weight: 19,
    arbitrary: fc.array(
      fc.oneof(
        {
          weight: 12,
          arbitrary: fc.record({ kind: fc.constant('value' as const), at: fc.nat(), value: hostile }),
        },
        {
          weight: 2,
          arbitrary: fc.record({
            kind: fc.constant('key' as const),
            at: fc.nat(),
            key: fc.oneof(
              fc.constantFrom('__proto__', 'constructor', 'prototype', 'a\u0000b', '\ud800', ''),
              fc.string({ unit: 'binary', maxLength: 10 }),
            ),
          }),
        },
        { weight: 2, arbitrary: fc.record({ kind: fc.constant('drop' as const), at: fc.nat() }) },
        { weight: 2, arbitrary: fc.record({ kind: fc.constant('duplicate-key' as const), at: fc.nat() }) },
        { weight: 2, arbitrary: fc.record({ kind: fc.constant('whole-body' as const), value: hostile }) },
        { weight: 2, arbitrary: fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }) },
        {
          weight: 2,
          arbitrary: fc.record({
            kind: fc.constant('bytes' as const),
            at: fc.nat(),
            bytes: fc.array(fc.nat(255), { minLength: 1, maxLength: 4 }),
            replace: fc.boolean(),
          }),
        },
        {
          weight: 1,
          arbitrary: fc.record({
            kind: fc.constant('random-body' as const),
            bytes: fc.array(fc.nat(255), { maxLength: 200 }),
          }),
        },
        {
          weight: 2,
          arbitrary: fc.record({
            kind: fc.constant('content-type' as const),
            value: fc.constantFrom(
              undefined,
              'text/plain',
              'application/x-www-form-urlencoded',
              'multipart/form-data; boundary=x',
              'application/json; charset=utf-7',
              'application/json; charset=latin1',
              'application/json; charset=utf-16le',
              'application/xml',
              'application/json;;;',
              '*/*',
              'application/vnd.docker.distribution.events.v1+json',
            ),
          }),
        },
        {
          weight: 3,
          arbitrary: fc.record({ kind: fc.constant('param' as const), at: fc.nat(), value: segmentValue }),
        },
        {
          weight: 2,
          arbitrary: fc.record({
            kind: fc.constant('query' as const),
            name: fc.constantFrom(
              'username',
              'status',
              'pageSize',
              'pageStart',
              'subject',
              'subject_type',
              'x',
            ),
            value: queryValue,
            repeat: fc.boolean(),
          }),
        },
      ),
      { minLength: 1, maxLength: 3 },
    ),
  },
);

/** Percent-encodes what encodeURIComponent can, and an unpaired surrogate as its 3 UTF-8-style bytes. */
function encodePathSegment(value: string): string {
  return Array.from(value, (char) => {
    const code = char.charCodeAt(0);
    if (char.length === 1 && code >= 0xd800 && code <= 0xdfff)
      return `%ED%${(0xa0 + ((code >> 6) & 0x1f)).toString(16).toUpperCase()}%${(0x80 + (code & 0x3f)).toString(16).toUpperCase()}`;
    return encodeURIComponent(char);
  }).join('');
}

type Container = Record<string, unknown> | unknown[];
interface Slot {
  parent: Container;
  key: string | number;
}

/** Every place in a JSON value that holds a value (depth first), the root excluded. */
function slotsOf(value: unknown): Slot[] {
  const slots: Slot[] = [];
  const walk = (node: unknown) => {
    if (!node || typeof node !== 'object') return;
    const entries: Array<[string | number, unknown]> = Array.isArray(node)
      ? node.map((child, index) => [index, child])
      : Object.entries(node);
    for (const [key, child] of entries) {
      slots.push({ parent: node as Container, key });
      walk(child);
    }
  };
  walk(value);
  return slots;
}

const RAW = '\uE000raw';

/** Applies the mutations to the template: the request to send, and what was done. */
export function mutate(template: RequestTemplate, changes: Mutation[]): FuzzRequest {
  let body: unknown = template.body === undefined ? undefined : structuredClone(template.body);
  const raws: string[] = [];
  const textEdits: Mutation[] = [];
  let contentType = template.body === undefined ? undefined : (template.contentType ?? 'application/json');
  const segments = [...template.segments];
  const query: Array<[string, string]> = Object.entries(template.query ?? {}).map(([k, v]) => [
    encodeURIComponent(k),
    encodeURIComponent(v),
  ]);
  const duplicates: string[] = [];

  const valueOf = (value: Hostile): unknown => {
    // A copy: constantFrom hands every case the same [] and {}, which a later change could nest in itself.
    if ('json' in value) return structuredClone(value.json);
    if ('raw' in value) return `${RAW}${raws.push(value.raw) - 1}`;
    switch (value.text) {
      case 'nul':
        return 'before\u0000after';
      case 'surrogate':
        return 'x\ud800y';
      case 'low-surrogate':
        return '\udc00';
      case 'long':
        return 'l'.repeat(LONG_LENGTH);
      case 'huge':
        return 'h'.repeat(HUGE_LENGTH);
      case 'deep':
        return `${RAW}${raws.push('{"a":'.repeat(DEEP) + '1' + '}'.repeat(DEEP)) - 1}`;
      case 'deep-array':
        return `${RAW}${raws.push('['.repeat(DEEP) + ']'.repeat(DEEP)) - 1}`;
    }
  };

  for (const change of changes) {
    const slots = slotsOf(body);
    const slot = 'at' in change && slots.length > 0 ? slots[change.at % slots.length] : undefined;
    switch (change.kind) {
      case 'value':
        if (slot) (slot.parent as Record<string | number, unknown>)[slot.key] = valueOf(change.value);
        else body = valueOf(change.value);
        break;
      case 'key': {
        const target = slot && isObject(slot.parent) ? slot.parent : isObject(body) ? body : undefined;
        if (target)
          Object.defineProperty(target, change.key, {
            value: 'k',
            enumerable: true,
            configurable: true,
            writable: true,
          });
        break;
      }
      case 'drop':
        if (slot && Array.isArray(slot.parent)) slot.parent.splice(Number(slot.key), 1);
        else if (slot) delete (slot.parent as Record<string, unknown>)[slot.key as string];
        break;
      case 'duplicate-key':
        if (slot && isObject(slot.parent)) duplicates.push(String(slot.key));
        break;
      case 'whole-body':
        body = valueOf(change.value);
        contentType ??= 'application/json';
        break;
      case 'content-type':
        contentType = change.value;
        break;
      case 'param':
        if (template.params.length > 0)
          segments[template.params[change.at % template.params.length]] = change.value;
        break;
      case 'query': {
        const given = query.findIndex(([name]) => name === change.name);
        if (given === -1) query.push([change.name, change.value]);
        else query[given] = [change.name, change.value];
        if (change.repeat) query.push([change.name, change.value]);
        break;
      }
      default:
        textEdits.push(change);
    }
  }

  let text = body === undefined ? undefined : JSON.stringify(body);
  if (text !== undefined) {
    text = text.replace(new RegExp(`"${RAW}(\\d+)"`, 'g'), (_, index: string) => raws[Number(index)]);
    for (const key of duplicates) {
      // The key again, first in its object: `{"key":"dup", ...}`.
      const at: number = text.indexOf(`${JSON.stringify(key)}:`);
      const open: number = at > 0 ? text.lastIndexOf('{', at) : -1;
      if (open !== -1)
        text = `${text.slice(0, open + 1)}${JSON.stringify(key)}:"dup",${text.slice(open + 1)}`;
    }
  }
  let bytes = text === undefined ? undefined : Buffer.from(text);
  for (const change of textEdits) {
    bytes ??= Buffer.alloc(0);
    if (change.kind === 'truncate')
      bytes = bytes.subarray(0, bytes.length > 0 ? change.at % bytes.length : 0);
    else if (change.kind === 'random-body') bytes = Buffer.from(change.bytes);
    else if (change.kind === 'bytes') {
      const at = bytes.length > 0 ? change.at % bytes.length : 0;
      const end = change.replace ? at + change.bytes.length : at;
      bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(change.bytes), bytes.subarray(end)]);
    }
    contentType ??= 'application/json';
  }

  const search = query.length > 0 ? `?${query.map(([k, v]) => `${k}=${v}`).join('&')}` : '';
  return {
    method: template.method,
    path: `/${segments.join('/')}${search}`,
    body: bytes,
    contentType,
    description: `${template.method} /${template.segments.join('/')} ${JSON.stringify(
      changes,
      (_, value: unknown) =>
        typeof value === 'string' && value.length > 60 ? `${value.slice(0, 60)}…(${value.length})` : value,
    )}`,
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
