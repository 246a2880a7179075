import picomatch from 'picomatch';

/** What a pattern matches: tags (no `/`) or repository paths (segments separated by `/`). */
export type NamePatternKind = 'tag' | 'repository';

/** A pattern text that cannot be compiled; the message says what is wrong, not the field. */
export class NamePatternError extends Error {}

/** A compiled `tagPattern` or `repositoryPattern`. */
export type NameMatcher = (name: string) => boolean;

/** Longest pattern text, and most globs in one, accepted. */
export const NAME_PATTERN_MAX_LENGTH = 512;
export const NAME_PATTERN_MAX_GLOBS = 16;
/**
 * `*` wildcards (a `**` counts once) per glob. A glob compiles to a backtracking regular
 * expression whose worst case grows with the power of its wildcards: on a 128-character tag, two
 * took 0.1 ms, three 20 ms, four 330 ms. Patterns are user input matched in the shared dispatcher
 * against every event, so two is the bound.
 */
export const NAME_PATTERN_MAX_WILDCARDS = 2;

/** The characters of names (OCI distribution's tag and repository grammars) and of globs. */
const ALLOWED: Record<NamePatternKind, RegExp> = {
  tag: /^[A-Za-z0-9_.\-*?[\]^]+$/,
  repository: /^[a-z0-9_./\-*?[\]^]+$/,
};
const ALLOWED_DESCRIPTION: Record<NamePatternKind, string> = {
  tag: 'letters, digits, _ . - and the wildcards * ? [...]',
  repository: 'lowercase letters, digits, _ . - / and the wildcards * ** ? [...]',
};

/**
 * Braces and extglobs are off: commas separate globs, and `(`, `|`, `+`, `@`, `{` are refused
 * anyway, so no pattern reaches the regular expression as anything but a glob.
 */
const PICOMATCH_OPTIONS: picomatch.PicomatchOptions = {
  nobrace: true,
  noextglob: true,
  strictBrackets: true,
  dot: true,
};

/**
 * Compiles a comma-separated list of globs (`v*,!*-rc*`): a name matches when it matches one of
 * the globs without `!` (or there are none) and none of the `!` globs. `*` stays within a path
 * segment, `**` crosses segments (repository patterns), `?` is one character, `[...]` a class
 * (`[^...]` negated). Throws a NamePatternError saying what is wrong.
 */
export function compileNamePattern(text: string, kind: NamePatternKind): NameMatcher {
  if (text.length > NAME_PATTERN_MAX_LENGTH) {
    throw new NamePatternError(`must be at most ${NAME_PATTERN_MAX_LENGTH} characters`);
  }
  const globs = text.split(',').map((glob) => glob.trim());
  if (globs.length > NAME_PATTERN_MAX_GLOBS) {
    throw new NamePatternError(`must list at most ${NAME_PATTERN_MAX_GLOBS} globs`);
  }
  const includes: RegExp[] = [];
  const excludes: RegExp[] = [];
  for (const glob of globs) {
    const excluded = glob.startsWith('!');
    (excluded ? excludes : includes).push(compileGlob(excluded ? glob.slice(1) : glob, kind));
  }
  return (name) =>
    (includes.length === 0 || includes.some((glob) => glob.test(name))) &&
    !excludes.some((glob) => glob.test(name));
}

function compileGlob(glob: string, kind: NamePatternKind): RegExp {
  if (glob === '') throw new NamePatternError('has an empty glob (two commas in a row, or a lone !)');
  if (!ALLOWED[kind].test(glob)) {
    throw new NamePatternError(`glob "${glob}" may only contain ${ALLOWED_DESCRIPTION[kind]}`);
  }
  if ((glob.match(/\*+/g) ?? []).length > NAME_PATTERN_MAX_WILDCARDS) {
    throw new NamePatternError(
      `glob "${glob}" has more than ${NAME_PATTERN_MAX_WILDCARDS} * wildcards (use [...] or ? for the others)`,
    );
  }
  try {
    return picomatch.makeRe(glob, PICOMATCH_OPTIONS);
  } catch (error) {
    throw new NamePatternError(`glob "${glob}" is not valid: ${(error as Error).message}`);
  }
}
