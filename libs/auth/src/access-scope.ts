import { EVENT_TYPE_RULES, EVENT_TYPES, EventType, RequiredAccess } from '@hookyard/events';
import {
  ACCESS_LEVELS,
  type AccessLevel,
  type EventLogReach,
  type RepositoryReach,
  type SubscriptionReach,
} from '@hookyard/persistence';

/** Where a subscription points: a namespace, one repository in it, or everything (no key). */
export interface SubscriptionTarget {
  namespace: string | null;
  repository: string | null;
}

/** What a subscription is, as far as the permission rules care: where it points and which events it takes. */
export interface SubscriptionScope extends SubscriptionTarget {
  eventTypes: readonly EventType[];
}

/**
 * Everything one account may do, read from the database in one go (PermissionService.scopeOf):
 * every permission rule below is a question to it. An inactive account has NO_ACCESS.
 */
export interface AccessScope {
  readonly systemAdmin: boolean;
  /** The user's own namespace and the organizations it owns. */
  readonly ownedNamespaces: ReadonlySet<string>;
  /** The organizations it belongs to, as owner or not. */
  readonly memberNamespaces: ReadonlySet<string>;
  /** Its strongest grant per namespace and repository, to the user itself or to one of its teams. */
  readonly grants: ReadonlyMap<string, ReadonlyMap<string, AccessLevel>>;
  /** Its strongest grant on a whole namespace (to one of its teams), per namespace. */
  readonly namespaceGrants: ReadonlyMap<string, AccessLevel>;
}

export const NO_ACCESS: AccessScope = {
  systemAdmin: false,
  ownedNamespaces: new Set(),
  memberNamespaces: new Set(),
  grants: new Map(),
  namespaceGrants: new Map(),
};

/** The stronger of two access levels (ACCESS_LEVELS is weakest first); null is no access. */
export function strongerAccess(a: AccessLevel | null, b: AccessLevel | null): AccessLevel | null {
  if (a === null) return b;
  if (b === null) return a;
  return ACCESS_LEVELS.indexOf(b) > ACCESS_LEVELS.indexOf(a) ? b : a;
}

/**
 * How far an account reaches into one subscription: it may administer it (see it, its secret and
 * delivery log, change, test, redeliver, delete); it may only know it exists, because it can see
 * what the subscription points at; or it may not even know that.
 */
export type SubscriptionAccess = 'administer' | 'see' | 'none';

/** System admins own every namespace; a user owns its own and the organizations it owns. */
export function ownsNamespace(scope: AccessScope, namespace: string): boolean {
  return scope.systemAdmin || scope.ownedNamespaces.has(namespace);
}

/**
 * Administers every repository of a namespace: its owners, and the members of a team granted
 * `admin` on the namespace (DTR: they may create repositories in it).
 */
export function administersNamespace(scope: AccessScope, namespace: string): boolean {
  return ownsNamespace(scope, namespace) || scope.namespaceGrants.get(namespace) === 'admin';
}

/**
 * `admin` for the namespace's owners, otherwise the strongest of the grants on the repository and
 * on its whole namespace; null without any.
 */
export function repositoryAccessIn(
  scope: AccessScope,
  namespace: string,
  repository: string,
): AccessLevel | null {
  if (ownsNamespace(scope, namespace)) return 'admin';
  return strongerAccess(
    scope.namespaceGrants.get(namespace) ?? null,
    scope.grants.get(namespace)?.get(repository) ?? null,
  );
}

/** The namespaces whose every repository the account administers (system admins: see `systemAdmin`). */
export function administeredNamespaces(scope: AccessScope): string[] {
  const granted = [...scope.namespaceGrants].filter(([, level]) => level === 'admin').map(([ns]) => ns);
  return [...new Set([...scope.ownedNamespaces, ...granted])];
}

/** The repositories granted to the account with `admin` (its administered namespaces come on top). */
export function adminGrants(scope: AccessScope): Array<{ namespace: string; repository: string }> {
  return [...scope.grants].flatMap(([namespace, repositories]) =>
    [...repositories].flatMap(([repository, level]) =>
      level === 'admin' ? [{ namespace, repository }] : [],
    ),
  );
}

/**
 * The subscriptions `subscriptionAccess` says the account administers, as SQL reads them (see
 * SubscriptionReach): a system admin every one with event types; otherwise those of the
 * namespaces it owns but for global events, those of the namespaces a team of its administers and
 * of the repositories it holds an admin grant on elsewhere but for global and namespace-owner
 * events. SubscriptionsService's spec checks the two against each other on random scopes.
 */
export function administeredReach(scope: AccessScope): SubscriptionReach {
  if (scope.systemAdmin) return 'everything';
  const administered = new Set(administeredNamespaces(scope));
  return {
    namespaces: [...scope.ownedNamespaces],
    excludedInNamespaces: typesNeeding(['system-admin']),
    grantedNamespaces: [...administered].filter((namespace) => !scope.ownedNamespaces.has(namespace)),
    // A grant in an administered namespace adds nothing to the namespaces' part.
    repositories: adminGrants(scope).filter(({ namespace }) => !administered.has(namespace)),
    excludedInRepositories: typesNeeding(['system-admin', 'namespace-owner']),
  };
}

function typesNeeding(access: RequiredAccess[]): EventType[] {
  return EVENT_TYPES.filter((type) => access.includes(EVENT_TYPE_RULES[type].access));
}

/**
 * Administers a repository (admin access), every repository of a namespace (its owner or a team
 * with `admin` on it) or everything (system admin).
 */
export function administersTarget(scope: AccessScope, target: SubscriptionTarget): boolean {
  if (scope.systemAdmin) return true;
  if (target.namespace === null) return false;
  if (target.repository === null) return administersNamespace(scope, target.namespace);
  return repositoryAccessIn(scope, target.namespace, target.repository) === 'admin';
}

/**
 * May subscribe to all of `types` on `target` (DTR's rule per event type): repository events need
 * an admin of the repository (or the owner of a whole namespace), REPO_* the namespace owner, and
 * global events or key-less subscriptions a system admin.
 */
export function maySubscribe(
  scope: AccessScope,
  types: readonly EventType[],
  target: SubscriptionTarget,
): boolean {
  if (types.length === 0) return false;
  if (scope.systemAdmin) return true;
  return types.every((type) => {
    const { access } = EVENT_TYPE_RULES[type];
    if (access === 'system-admin' || target.namespace === null) return false;
    if (access === 'namespace-owner') return ownsNamespace(scope, target.namespace);
    return administersTarget(scope, target);
  });
}

/** Can see the target at all: any access to the repository, or membership of the namespace. */
export function seesTarget(scope: AccessScope, target: SubscriptionTarget): boolean {
  if (scope.systemAdmin) return true;
  if (target.namespace === null) return false;
  if (target.repository === null) {
    return (
      ownsNamespace(scope, target.namespace) ||
      scope.memberNamespaces.has(target.namespace) ||
      scope.namespaceGrants.has(target.namespace)
    );
  }
  return repositoryAccessIn(scope, target.namespace, target.repository) !== null;
}

/**
 * A subscription belongs to what it points at, not to its author: whoever could subscribe to it
 * now administers it, and nobody else — its author included, once their access is gone.
 */
export function subscriptionAccess(scope: AccessScope, subscription: SubscriptionScope): SubscriptionAccess {
  if (maySubscribe(scope, subscription.eventTypes, subscription)) return 'administer';
  return seesTarget(scope, subscription) ? 'see' : 'none';
}

/**
 * The events of the activity stream an account may read: those of every repository it has any
 * access to (whole namespaces it owns or has a namespace grant on, single repositories granted),
 * pulls and operational events only where it administers the repository (ADMIN_EVENT_TYPES);
 * events of no namespace, and everything, only to system admins.
 */
export function eventReach(scope: AccessScope): 'everything' | EventLogReach {
  const readable = repositoryReach(scope);
  if (readable === 'everything') return readable;
  return {
    ...readable,
    adminNamespaces: administeredNamespaces(scope),
    adminRepositories: adminGrants(scope),
  };
}

/**
 * The repositories an account has any access to (it sees them, their events, their object):
 * every one of the namespaces it owns or has a namespace grant on, and those granted to it or its
 * teams; all of them for system admins.
 */
export function repositoryReach(scope: AccessScope): 'everything' | RepositoryReach {
  if (scope.systemAdmin) return 'everything';
  return {
    namespaces: [...new Set([...scope.ownedNamespaces, ...scope.namespaceGrants.keys()])],
    repositories: [...scope.grants].flatMap(([namespace, repositories]) =>
      [...repositories.keys()].map((repository) => ({ namespace, repository })),
    ),
  };
}

/** `namespace/repository`, `namespace`, or "every repository": for messages. */
export function describeTarget(target: SubscriptionTarget): string {
  if (target.namespace === null) return 'every repository';
  return target.repository === null ? target.namespace : `${target.namespace}/${target.repository}`;
}
