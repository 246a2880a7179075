import { query } from 'jsonpath-rfc9535';

/**
 * Quay's webhook body templates (its util/jsontemplate.py): a JSON document whose strings may hold
 * `${path}` expressions into the event data. A string that is one expression becomes the value
 * found (null when none); inline, a value is printed, several joined with commas, none as
 * `(none)`. Paths are JSONPath (RFC 9535), written with or without the leading `$.`.
 */
export class JsonTemplateError extends Error {}

const INLINE_PATH = /\$\{([^}]*)\}/g;
const WHOLE_PATH = /^\$\{([^}]*)\}$/;

/** A template checked as Quay checks it on create: valid JSON, every expression a valid path. */
export function parseJsonTemplate(template: string): unknown {
  let parsed: unknown;
  try {
    parsed = JSON.parse(template);
  } catch (error) {
    throw new JsonTemplateError(`Could not parse template: ${(error as Error).message}`);
  }
  applyJsonTemplate(parsed, {});
  return parsed;
}

/** The template with its expressions replaced by what they find in `data`. */
export function applyJsonTemplate(template: unknown, data: unknown): unknown {
  if (typeof template === 'string') return applyToString(template, data);
  if (Array.isArray(template)) return template.map((item) => applyJsonTemplate(item, data));
  if (typeof template === 'object' && template !== null) {
    return Object.fromEntries(
      Object.entries(template).map(([key, value]) => [
        applyToString(key, data),
        applyJsonTemplate(value, data),
      ]),
    );
  }
  return template;
}

function applyToString(text: string, data: unknown): unknown {
  const whole = WHOLE_PATH.exec(text);
  if (whole) return find(whole[1], data) ?? null;
  return text.replace(INLINE_PATH, (_, expression: string) => {
    const found = find(expression, data);
    if (found === undefined || found === null) return '(none)';
    return Array.isArray(found) ? found.map(pythonStr).join(',') : pythonStr(found);
  });
}

/** One value found, a list of them when several, undefined when none (Quay's _process_inline). */
function find(expression: string, data: unknown): unknown {
  if (!expression) throw new JsonTemplateError('Empty expression found');
  const path = expression.startsWith('$') ? expression : `$.${expression}`;
  let found: unknown[];
  try {
    found = query(data as never, path) as unknown[];
  } catch (error) {
    throw new JsonTemplateError(`For expression \`${expression}\`: ${(error as Error).message}`);
  }
  if (found.length === 0) return undefined;
  return found.length > 1 ? found : found[0];
}

/** How Python's str() prints a JSON value inside a string. */
function pythonStr(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (value === null) return 'None';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}
