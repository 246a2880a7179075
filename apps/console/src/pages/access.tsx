import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { del, get, isDotSegment, put, segment } from '../api';
import {
  ActionForm,
  DataTable,
  EmptyState,
  ErrorNotice,
  Loading,
  PageHeader,
  SelectField,
  TextField,
} from '../components/ui';
import { useAction, useAsync } from '../hooks';
import { ACCESS_LEVELS, Account, Team } from '../types';

interface Grants {
  users: Array<{ accessLevel: string; user: Account }>;
  teams: Array<{ accessLevel: string; team: Team }>;
}

function RepositoryGrants({ namespace, repository }: { namespace: string; repository: string }) {
  const base = `/api/v0/repositories/${segment(namespace)}/${segment(repository)}`;
  const grants = useAsync(async (): Promise<Grants> => {
    const [users, teams] = await Promise.all([
      get<{ userAccessList: Grants['users'] }>(`${base}/userAccess`),
      get<{ teamAccessList: Grants['teams'] }>(`${base}/teamAccess`),
    ]);
    return { users: users.userAccessList, teams: teams.teamAccessList };
  }, [base]);
  const [kind, setKind] = useState<'user' | 'team'>('user');
  const [grantee, setGrantee] = useState('');
  const [level, setLevel] = useState<string>('admin');
  const grant = useAction(async () => {
    await put(`${base}/${kind}Access/${segment(grantee)}`, { accessLevel: level });
    setGrantee('');
    await grants.reload();
  });
  const revoke = useAction(async (granteeKind: 'user' | 'team', name: string) => {
    await del(`${base}/${granteeKind}Access/${segment(name)}`);
    await grants.reload();
  });
  const rows = [
    ...(grants.data?.users ?? []).map((g) => ({
      kind: 'user' as const,
      name: g.user.name,
      level: g.accessLevel,
    })),
    ...(grants.data?.teams ?? []).map((g) => ({
      kind: 'team' as const,
      name: g.team.name,
      level: g.accessLevel,
    })),
  ];
  return (
    <section class="card" aria-labelledby="grants-title">
      <h2 id="grants-title">
        Access to {namespace}/{repository}
      </h2>
      <p class="hint">
        Owners of {namespace} always administer it; admins of a repository may manage its webhooks.
      </p>
      <ErrorNotice error={grants.error ?? grant.error ?? revoke.error} />
      {grants.loading && !grants.data && <Loading />}
      {grants.data && rows.length === 0 && <EmptyState>No grants on this repository.</EmptyState>}
      {rows.length > 0 && (
        <DataTable label="Grants" columns={['Grantee', 'Kind', 'Access']} actionsLabel="Actions">
          {rows.map((row) => (
            <tr key={`${row.kind}:${row.name}`}>
              <td>{row.name}</td>
              <td>{row.kind === 'user' ? 'User' : 'Team'}</td>
              <td>{row.level}</td>
              <td>
                <button
                  type="button"
                  class="button button-small button-danger"
                  onClick={() => void revoke.run(row.kind, row.name)}
                >
                  Revoke<span class="visually-hidden"> {row.name}'s access</span>
                </button>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      <ActionForm class="form-row" label="Grant access" onSubmit={() => grant.run()}>
        <div class="field">
          <label for="grant-kind">Grant to</label>
          <select
            id="grant-kind"
            value={kind}
            onChange={(e) => setKind(e.currentTarget.value as 'user' | 'team')}
          >
            <option value="user">User</option>
            <option value="team">Team of {namespace}</option>
          </select>
        </div>
        <TextField
          id="grant-name"
          label={kind === 'user' ? 'Username' : 'Team name'}
          required
          value={grantee}
          onValue={setGrantee}
        />
        <AccessLevelField id="grant-level" value={level} onValue={setLevel} />
        <button type="submit" class="button button-primary" disabled={grant.busy}>
          Grant
        </button>
      </ActionForm>
    </section>
  );
}

/**
 * Teams of an organization with access to every repository of its namespace
 * (/api/v0/repositoryNamespaces/{namespace}/teamAccess): for namespace admins.
 */
function NamespaceTeamGrants({ namespace }: { namespace: string }) {
  const base = `/api/v0/repositoryNamespaces/${segment(namespace)}/teamAccess`;
  const grants = useAsync(
    async () => (await get<{ teamAccessList: Grants['teams'] }>(base)).teamAccessList,
    [base],
  );
  const [team, setTeam] = useState('');
  const [level, setLevel] = useState<string>('read-only');
  const grant = useAction(async () => {
    await put(`${base}/${segment(team.trim())}`, { accessLevel: level });
    setTeam('');
    await grants.reload();
  });
  const revoke = useAction(async (name: string) => {
    await del(`${base}/${segment(name)}`);
    await grants.reload();
  });
  return (
    <section class="card" aria-labelledby="namespace-grants-title">
      <h2 id="namespace-grants-title">Team access to every repository of {namespace}</h2>
      <p class="hint">
        A team granted here has that access to each repository of {namespace}, present and future.
      </p>
      <ErrorNotice error={grants.error ?? grant.error ?? revoke.error} />
      {grants.loading && !grants.data && <Loading />}
      {grants.data?.length === 0 && <EmptyState>No team has access to the whole namespace.</EmptyState>}
      {!!grants.data?.length && (
        <DataTable label="Namespace grants" columns={['Team', 'Access']} actionsLabel="Actions">
          {grants.data.map((row) => (
            <tr key={row.team.id}>
              <td>{row.team.name}</td>
              <td>{row.accessLevel}</td>
              <td>
                <button
                  type="button"
                  class="button button-small button-danger"
                  onClick={() => void revoke.run(row.team.name)}
                >
                  Revoke
                  <span class="visually-hidden">
                    {' '}
                    {row.team.name}'s access to {namespace}
                  </span>
                </button>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      <ActionForm
        class="form-row"
        label={`Grant a team access to every repository of ${namespace}`}
        onSubmit={() => grant.run()}
      >
        <TextField id="namespace-grant-team" label="Team" required value={team} onValue={setTeam} />
        <AccessLevelField id="namespace-grant-level" value={level} onValue={setLevel} />
        <button type="submit" class="button button-primary" disabled={grant.busy}>
          Grant to team
        </button>
      </ActionForm>
    </section>
  );
}

function AccessLevelField({
  id,
  value,
  onValue,
}: {
  id: string;
  value: string;
  onValue: (v: string) => void;
}) {
  return (
    <SelectField
      id={id}
      label="Access"
      value={value}
      any={false}
      options={ACCESS_LEVELS.map((level) => [level, level] as const)}
      onValue={onValue}
    />
  );
}

interface Shown {
  namespace: string;
  repository: string;
}

/** What to show for the names typed (or in the address): nothing without a namespace or for a dot segment. */
function shownFor(namespace: string, repository: string): Shown | null {
  const names = { namespace: namespace.trim(), repository: repository.trim() };
  if (!names.namespace || isDotSegment(names.namespace) || isDotSegment(names.repository)) return null;
  return names;
}

export function AccessPage() {
  const location = useLocation();
  const [namespace, setNamespace] = useState(location.query.namespace ?? '');
  const [repository, setRepository] = useState(location.query.repository ?? '');
  const [shown, setShown] = useState(() => shownFor(namespace, repository));
  return (
    <>
      <PageHeader title="Repository access" />
      <p class="lead">
        Grant users and teams access to a repository of a namespace you own, or teams access to the whole
        namespace (leave the repository empty).
      </p>
      <ActionForm
        class="card form-row"
        label="Choose a repository"
        onSubmit={() => setShown(shownFor(namespace, repository))}
      >
        <TextField
          id="access-namespace"
          label="Namespace"
          required
          value={namespace}
          onValue={setNamespace}
        />
        <TextField
          id="access-repository"
          label="Repository"
          hint="Empty: the whole namespace."
          value={repository}
          onValue={setRepository}
        />
        <button type="submit" class="button button-primary">
          Show access
        </button>
      </ActionForm>
      {shown?.repository && <RepositoryGrants key={`${shown.namespace}/${shown.repository}`} {...shown} />}
      {shown && !shown.repository && (
        <NamespaceTeamGrants key={shown.namespace} namespace={shown.namespace} />
      )}
    </>
  );
}
