export interface RepositoryName {
  namespace: string;
  repository: string;
}

/** `acme/team/api` → `acme` + `team/api`: the namespace is the first path segment, as in DTR. */
export function splitRepositoryName(fullName: string): RepositoryName {
  const slash = fullName.indexOf('/');
  if (slash <= 0 || slash === fullName.length - 1) {
    throw new Error(`repository name "${fullName}" must be <namespace>/<repository>`);
  }
  return { namespace: fullName.slice(0, slash), repository: fullName.slice(slash + 1) };
}
