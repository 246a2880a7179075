import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { del, get, put, segment } from '../api';
import { ActionForm, EmptyState, ErrorNotice, Loading, PageHeader, TextField } from '../components/ui';
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
        <table class="table" aria-label="Grants">
          <thead>
            <tr>
              <th scope="col">Grantee</th>
              <th scope="col">Kind</th>
              <th scope="col">Access</th>
              <th scope="col">
                <span class="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={`${row.kind}:${row.name}`}>
                <td>{row.name}</td>
                <td>{row.kind === 'user' ? 'User' : 'Team'}</td>
                <td>{row.level}</td>
                <td>
                  <button
                    type="button"
                    class="button button-small"
                    onClick={() => void revoke.run(row.kind, row.name)}
                  >
                    Revoke<span class="visually-hidden"> {row.name}'s access</span>
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
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
        <div class="field">
          <label for="grant-level">Access</label>
          <select id="grant-level" value={level} onChange={(e) => setLevel(e.currentTarget.value)}>
            {ACCESS_LEVELS.map((value) => (
              <option key={value}>{value}</option>
            ))}
          </select>
        </div>
        <button type="submit" class="button button-primary" disabled={grant.busy}>
          Grant
        </button>
      </ActionForm>
    </section>
  );
}

export function AccessPage() {
  const location = useLocation();
  const [namespace, setNamespace] = useState(location.query.namespace ?? '');
  const [repository, setRepository] = useState(location.query.repository ?? '');
  const [shown, setShown] = useState<{ namespace: string; repository: string } | null>(
    location.query.namespace && location.query.repository
      ? { namespace: location.query.namespace, repository: location.query.repository }
      : null,
  );
  return (
    <>
      <PageHeader title="Repository access" />
      <p class="lead">Grant users and teams access to a repository of a namespace you own.</p>
      <ActionForm
        class="card form-row"
        label="Choose a repository"
        onSubmit={() => setShown({ namespace: namespace.trim(), repository: repository.trim() })}
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
          required
          value={repository}
          onValue={setRepository}
        />
        <button type="submit" class="button button-primary">
          Show access
        </button>
      </ActionForm>
      {shown && <RepositoryGrants key={`${shown.namespace}/${shown.repository}`} {...shown} />}
    </>
  );
}
