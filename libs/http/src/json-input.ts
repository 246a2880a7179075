import { unstorableText, type UnstorableText } from '@hookyard/util';
import { ApiError } from './api-error';
import { visit } from 'jsonc-parser';

/** Objects and arrays in a request body nest at most this deep; every API's documents need a handful. */
export const MAX_JSON_DEPTH = 32;

/** Keys that reach for an object's prototype when a body is copied or merged into another object. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

const TEXT_PROBLEMS: Record<UnstorableText, string> = {
  'NUL character': 'must not contain NUL characters',
  'unpaired surrogate': 'must be well-formed Unicode (it has an unpaired surrogate)',
};

type Path = Array<string | number>;

/** `config.url`, `events[0].target`, `headers["x y"]`: where in a body a problem is. */
export function formatPath(path: Path): string {
  return path
    .map((part, index) => {
      if (typeof part === 'number') return `[${part}]`;
      if (/^[A-Za-z_$][\w$-]*$/.test(part)) return index === 0 ? part : `.${part}`;
      return `[${JSON.stringify(part)}]`;
    })
    .join('');
}

/** A 400 naming the field, as the validation pipe's. */
export function invalidInput(path: Path, problem: string): ApiError {
  const where = path.length > 0 ? formatPath(path) : 'request body';
  return new ApiError(400, 'INVALID_PARAMETERS', `${where} ${problem}`, {
    fields: path.length > 0 ? [String(path[0])] : [],
  });
}

/** Why a string from a request (a value, a key, a parameter) is refused, or undefined. */
export function textProblem(text: string): string | undefined {
  const unstorable = unstorableText(text);
  return unstorable && TEXT_PROBLEMS[unstorable];
}

/**
 * Parses a JSON request body that must be an object or an array and refuses, naming where:
 * strings (values and keys) with NUL or unpaired surrogates, keys that reach for prototypes,
 * nesting deeper than MAX_JSON_DEPTH and keys given twice in one object (JSON.parse would keep
 * the last silently, where another reader may take the first). An empty body is `{}`.
 * Syntax errors are thrown as body-parser's, for the APIs' INVALID_JSON answer.
 */
export function parseJsonInput(text: string): unknown {
  if (text.length === 0) return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw syntaxError((error as Error).message);
  }
  if (value === null || typeof value !== 'object') throw syntaxError('body must be a JSON object or array');
  // Without a backslash (escapes) in well-formed text, no string JSON.parse makes can hold NUL
  // (JSON has no raw control characters) or an unpaired surrogate: strings are then not read.
  const plain = !text.includes('\\') && text.isWellFormed();
  const inspection: Inspection = { readStrings: !plain, strings: 0 };
  const problem = inspect(value, 1, inspection);
  if (problem) throw invalidInput(problem.deep ? problem.path.slice(0, 1) : problem.path, problem.message);
  // Without escapes, every quote of the text delimits a key or a string of the parsed value; a key
  // given twice left its quotes behind (JSON.parse keeps the last). Otherwise the text is searched.
  if (!plain || count(text, '"') !== 2 * inspection.strings) {
    const duplicate = findDuplicateKey(text);
    if (duplicate) throw invalidInput(duplicate, 'is given more than once');
  }
  return value;
}

interface Inspection {
  /** Check every string and key for NUL and unpaired surrogates. */
  readStrings: boolean;
  /** Keys and strings seen. */
  strings: number;
}

interface Problem {
  path: Path;
  message: string;
  /** Named by its outermost field: the full path would be as deep as the nesting. */
  deep?: boolean;
}

/** Depth-first; the path is built on the way back, so a body without problems costs no strings. */
function inspect(value: unknown, depth: number, inspection: Inspection): Problem | undefined {
  if (typeof value === 'string') {
    inspection.strings++;
    const problem = inspection.readStrings ? textProblem(value) : undefined;
    return problem ? { path: [], message: problem } : undefined;
  }
  if (value === null || typeof value !== 'object') return undefined;
  if (depth > MAX_JSON_DEPTH)
    return { path: [], message: `nests deeper than ${MAX_JSON_DEPTH} levels`, deep: true };
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      const problem = inspect(value[index], depth + 1, inspection);
      if (problem) {
        problem.path.unshift(index);
        return problem;
      }
    }
    return undefined;
  }
  for (const key in value) {
    inspection.strings++;
    const keyProblem = inspection.readStrings ? textProblem(key) : undefined;
    if (keyProblem) return { path: [key], message: `(the key) ${keyProblem}` };
    if (PROTOTYPE_KEYS.has(key)) return { path: [key], message: 'is not allowed as a key' };
    const problem = inspect((value as Record<string, unknown>)[key], depth + 1, inspection);
    if (problem) {
      problem.path.unshift(key);
      return problem;
    }
  }
  return undefined;
}

function count(text: string, char: string): number {
  let found = 0;
  for (let at = text.indexOf(char); at !== -1; at = text.indexOf(char, at + 1)) found++;
  return found;
}

/** Where a key is given a second time in the same object, by jsonc-parser's visitor. */
function findDuplicateKey(text: string): Path | undefined {
  const objects: Array<Set<string>> = [];
  let duplicate: Path | undefined;
  visit(text, {
    onObjectBegin: () => void objects.push(new Set()),
    onObjectEnd: () => void objects.pop(),
    onObjectProperty: (key, _offset, _length, _line, _column, pathSupplier) => {
      const keys = objects[objects.length - 1];
      if (keys.has(key)) duplicate ??= [...pathSupplier(), key];
      keys.add(key);
    },
  });
  return duplicate;
}

/** What body-parser throws for JSON it cannot parse: every API answers it as INVALID_JSON. */
function syntaxError(message: string): Error {
  return Object.assign(new SyntaxError(message), { status: 400, type: 'entity.parse.failed' });
}
