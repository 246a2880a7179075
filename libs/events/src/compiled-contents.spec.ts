import 'reflect-metadata';
import { Transform, Type } from 'class-transformer';
import {
  getMetadataStorage,
  IsDefined,
  IsEmail,
  IsString,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { compileContents } from './compiled-contents';
import { ScanSummary } from './contents';
import {
  CONTENTS_SCHEMAS,
  MAX_CONTENTS_STRING_LENGTH,
  validateContents,
  validateContentsWithClassValidator,
} from './contents-schemas';
import { EVENT_TYPES, type EventType } from './event-types';
import { EXAMPLE_CONTENTS } from './example-contents';

const DIGEST = 'sha256:da9bbb96d9460bbd4d47845ddbecc1a5d33979aa4d40198d3feca46deed4e476';

/** Optional fields the examples leave out, filled so that mutations reach inside them too. */
const OPTIONAL_SAMPLES: Record<string, unknown> = {
  trigger: { kind: 'github', id: '42', ref: 'refs/heads/main', commit: 'abc123', defaultBranch: 'main' },
  platforms: [
    { digest: DIGEST, os: 'linux', architecture: 'arm64', variant: 'v8' },
    { digest: DIGEST, os: 'linux', architecture: 'amd64' },
  ],
  vulnerabilities: [
    {
      id: 'CVE-2024-0001',
      severity: 'High',
      description: 'overflow',
      link: 'https://cve.example',
      fixedBy: '1.2',
    },
    { id: 'CVE-2024-0002', severity: 'Unknown' },
  ],
  buildName: 'nightly',
  error: 'exit code 1',
  namespace: 'foo',
  repository: 'bar',
  consecutiveFailures: 3,
  lastResponseStatus: 500,
};

/** Values no field or only some fields accept; each example's own values join them. */
const ODD_VALUES: unknown[] = [
  undefined,
  null,
  0,
  -1,
  1.5,
  600,
  true,
  '',
  ' ',
  'x',
  'TAG_PUSH',
  'x'.repeat(MAX_CONTENTS_STRING_LENGTH),
  'x'.repeat(MAX_CONTENTS_STRING_LENGTH + 1),
  [],
  ['x'],
  [1],
  [null],
  [{}],
  [['x']],
  {},
  { a: 1 },
  { nested: { deep: ['x'.repeat(MAX_CONTENTS_STRING_LENGTH + 1)] } },
  new Date(0),
  Object.create(null) as object,
];

/**
 * Keys no schema has, some of which class-transformer treats specially (Object and Map members),
 * each added with a sibling's value: in a Map of replicas, that is a valid replica.
 */
const EXTRA_KEYS = ['extra', '0', 'toString', 'constructor', 'size', 'get', '__proto__'];

function withKey(value: Record<string, unknown>, key: string): Record<string, unknown> {
  const copy = { ...value };
  // An own __proto__, as JSON.parse makes it, rather than a prototype.
  Object.defineProperty(copy, key, {
    value: Object.values(value)[0],
    enumerable: true,
    writable: true,
    configurable: true,
  });
  return copy;
}

function schemaProperties(type: EventType): string[] {
  const metadatas = getMetadataStorage().getTargetValidationMetadatas(
    CONTENTS_SCHEMAS[type],
    '',
    false,
    false,
  );
  return [...new Set(metadatas.map((metadata) => metadata.propertyName))];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function leaves(value: unknown): unknown[] {
  if (Array.isArray(value)) return [value, ...value.flatMap(leaves)];
  if (isRecord(value)) return [value, ...Object.values(value).flatMap(leaves)];
  return [value];
}

/** Copies of `value` with one change somewhere: a key removed, replaced, added; an item likewise. */
function mutations(value: unknown, candidates: unknown[]): unknown[] {
  if (Array.isArray(value)) {
    return [
      ...value.map((_item, index) => value.filter((_other, at) => at !== index)),
      ...value.flatMap((item, index) =>
        [...candidates, ...mutations(item, candidates)].map((other) =>
          value.map((it, at) => (at === index ? other : it)),
        ),
      ),
      ...candidates.map((other) => [...value, other]),
    ];
  }
  if (!isRecord(value)) return [];
  return [
    ...Object.keys(value).map((key) => {
      const { [key]: _removed, ...rest } = value;
      return rest;
    }),
    ...Object.keys(value).flatMap((key) =>
      [...candidates, ...mutations(value[key], candidates)].map((other) => ({ ...value, [key]: other })),
    ),
    ...EXTRA_KEYS.map((key) => withKey(value, key)),
  ];
}

/** Inputs for one type: its example, the example with every optional sample, and their mutations. */
function inputsFor(type: EventType): unknown[] {
  const example = EXAMPLE_CONTENTS[type] as Record<string, unknown>;
  const full = { ...example };
  for (const name of schemaProperties(type)) {
    if (!(name in full) && name in OPTIONAL_SAMPLES) full[name] = OPTIONAL_SAMPLES[name];
  }
  const candidates = [...ODD_VALUES, ...new Set(leaves(full))];
  const unset = schemaProperties(type).filter((name) => !(name in full));
  return [
    example,
    full,
    ...mutations(example, candidates),
    ...mutations(full, candidates),
    ...unset.flatMap((name) => candidates.map((candidate) => ({ ...full, [name]: candidate }))),
  ];
}

/** The value with its key order and undefined values, which toStrictEqual does not compare. */
function exactly(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => (item === undefined ? '(undefined)' : item));
}

/** An answer or what was thrown (class-transformer throws on a prototype-less object in `data`). */
function answerOf(validate: () => unknown): string {
  try {
    return exactly(validate());
  } catch (error) {
    return `threw ${(error as Error).message}`;
  }
}

/* Classes with decorators the compiler does not understand. */
class WithEmail {
  @IsEmail() mail: string;
}
class WithDefined {
  @IsDefined() name: string;
}
class WithValidateIf {
  @ValidateIf(() => true) @IsString() name: string;
}
class WithTransform {
  @IsString() @Transform(({ value }: { value: unknown }) => value) name: string;
}
class WithNestedUntyped {
  @ValidateNested() summary: ScanSummary;
}
class WithTypeOnly {
  @IsString() @Type(() => String) name: string;
}
class WithGetter {
  @IsString() name: string;
  get upper(): string {
    return this.name.toUpperCase();
  }
}
class WithGroups {
  @IsString({ groups: ['admin'] }) name: string;
}

describe('compileContents', () => {
  it.each(EVENT_TYPES)('takes the fast path for the %s example, unchanged', (type) => {
    const compiled = compileContents(CONTENTS_SCHEMAS[type], MAX_CONTENTS_STRING_LENGTH);

    expect(compiled(EXAMPLE_CONTENTS[type])).toStrictEqual(EXAMPLE_CONTENTS[type]);
  });

  it.each(EVENT_TYPES)(
    'accepts only what class-validator accepts, with the same contents, for %s mutations',
    (type) => {
      const compiled = compileContents(CONTENTS_SCHEMAS[type], MAX_CONTENTS_STRING_LENGTH);
      const differences: string[] = [];
      let fast = 0;
      for (const input of inputsFor(type)) {
        if (!isRecord(input)) continue;
        const reference = answerOf(() => validateContentsWithClassValidator(type, input));
        const contents = compiled(input);
        if (contents !== undefined) {
          fast++;
          if (reference !== exactly({ contents, errors: [] })) {
            differences.push(`${exactly(input)}: ${exactly(contents)} vs ${reference}`);
          }
        }
        const answer = answerOf(() => validateContents(type, input));
        if (answer !== reference) differences.push(`${exactly(input)}: ${answer} vs ${reference}`);
      }

      expect(differences).toEqual([]);
      // Valid mutations (an extra key stripped, an optional field removed) stay on the fast path.
      expect(fast).toBeGreaterThan(EXTRA_KEYS.length);
    },
  );

  it('strips unknown keys on the fast path as whitelisting does', () => {
    const compiled = compileContents(CONTENTS_SCHEMAS.SCAN_COMPLETED, MAX_CONTENTS_STRING_LENGTH);
    const example = EXAMPLE_CONTENTS.SCAN_COMPLETED;

    expect(
      compiled({ ...example, extra: 1, scanSummary: { ...example.scanSummary, extra: 2 } }),
    ).toStrictEqual(example);
  });

  it('leaves what class-transformer treats specially to class-validator', () => {
    const compiled = compileContents(CONTENTS_SCHEMAS.REPO_CREATED, MAX_CONTENTS_STRING_LENGTH);
    const example = EXAMPLE_CONTENTS.REPO_CREATED;

    expect(compiled({ ...example, data: { toString: 'x' } })).toBeUndefined();
    expect(compiled({ ...example, data: { list: new Array(2) } })).toBeUndefined();
  });

  it.each([
    ['@IsEmail', WithEmail],
    ['@IsDefined', WithDefined],
    ['@ValidateIf', WithValidateIf],
    ['@Transform', WithTransform],
    ['@ValidateNested without @Type', WithNestedUntyped],
    ['@Type without @ValidateNested', WithTypeOnly],
    ['a prototype member', WithGetter],
    ['groups', WithGroups],
  ])('refuses to compile a class with %s', (_what, schema) => {
    expect(() => compileContents(schema, MAX_CONTENTS_STRING_LENGTH)).toThrow(/does not compile/);
  });
});
