/**
 * The grammars of image references (distribution/reference `regexp.go`, the OCI distribution spec):
 * what a repository name, a tag and a digest from a registry event may look like before Hookyard
 * puts them into a URL, a Redis key or a payload. Compiled once; each check is one linear match.
 */

/** A path component; one separator between alphanumeric runs (`[-]+`, not `[-]*`: no backtracking). */
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const REPOSITORY_NAME = new RegExp(`^${PATH_COMPONENT}(?:/${PATH_COMPONENT})+$`);
const PATH = new RegExp(`^${PATH_COMPONENT}(?:/${PATH_COMPONENT})*$`);
const COMPONENT = new RegExp(`^${PATH_COMPONENT}$`);
const TAG = /^\w[\w.-]{0,127}$/;
/** `algorithm:hex`; sha512 (128 hex digits) is the longest digest registries use. */
const DIGEST = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,128}$/;
const DIGEST_MAX_LENGTH = 160;

/** The longest repository name Distribution accepts. */
export const REPOSITORY_NAME_MAX_LENGTH = 255;

export const REPOSITORY_NAME_RULE =
  '<namespace>/<repository>: lowercase path components (a-z, 0-9 and . _ __ - between them) joined by /, at most 255 characters';
export const TAG_RULE = '1-128 characters of A-Z a-z 0-9 _ . -, not starting with . or -';
export const DIGEST_RULE = '<algorithm>:<hex>, e.g. sha256:<64 hex digits>';

/** A repository name with at least a namespace and a repository (Hookyard's DTR model has both). */
export function isRepositoryName(value: unknown): value is string {
  return (
    typeof value === 'string' && value.length <= REPOSITORY_NAME_MAX_LENGTH && REPOSITORY_NAME.test(value)
  );
}

/** One path component: a repository name as DTR's API makes it, within its namespace. */
export function isRepositoryComponent(value: unknown): value is string {
  return typeof value === 'string' && value.length <= REPOSITORY_NAME_MAX_LENGTH && COMPONENT.test(value);
}

export const REPOSITORY_COMPONENT_RULE =
  'lowercase letters and digits, with . _ __ or - between them (no /), at most 255 characters';

/** One or more path components: a namespace (`acme`) or a repository below it (`team/api`). */
export function isRepositoryPath(value: unknown): value is string {
  return typeof value === 'string' && value.length <= REPOSITORY_NAME_MAX_LENGTH && PATH.test(value);
}

export const REPOSITORY_PATH_RULE =
  'lowercase path components (a-z, 0-9 and . _ __ - between them) joined by /';

export function isTag(value: unknown): value is string {
  return typeof value === 'string' && TAG.test(value);
}

export function isDigest(value: unknown): value is string {
  return typeof value === 'string' && value.length <= DIGEST_MAX_LENGTH && DIGEST.test(value);
}
