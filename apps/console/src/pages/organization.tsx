import { useState } from 'preact/hooks';
import { useRoute } from 'preact-iso';
import { del, get, post, put, segment } from '../api';
import {
  ActionForm,
  ConfirmButton,
  DataTable,
  EmptyState,
  ErrorNotice,
  Loading,
  PageHeader,
  TextField,
} from '../components/ui';
import { useAction, useAsync } from '../hooks';
import type { Account, Team } from '../types';

interface Member {
  member: Account;
  isAdmin: boolean;
}

function TeamMembers({ org, team, onChange }: { org: string; team: Team; onChange: () => unknown }) {
  const path = `/api/v0/accounts/${segment(org)}/teams/${segment(team.name)}/members`;
  const members = useAsync(() => get<Array<{ member: Account }>>(path), [path]);
  const [name, setName] = useState('');
  const add = useAction(async () => {
    await put(`${path}/${segment(name)}`);
    setName('');
    // Joining a team also makes the user a member of the organization.
    await Promise.all([members.reload(), onChange()]);
  });
  const remove = useAction(async (member: string) => {
    await del(`${path}/${segment(member)}`);
    await members.reload();
  });
  return (
    <div class="team-members">
      <ErrorNotice error={members.error ?? add.error ?? remove.error} />
      {members.data?.length === 0 && <p class="muted">No members yet.</p>}
      <ul class="plain-list">
        {members.data?.map(({ member }) => (
          <li key={member.id}>
            {member.name}{' '}
            <button
              type="button"
              class="button button-small button-danger"
              onClick={() => void remove.run(member.name)}
            >
              Remove
              <span class="visually-hidden">
                {' '}
                {member.name} from {team.name}
              </span>
            </button>
          </li>
        ))}
      </ul>
      <ActionForm class="form-row" label={`Add a member to ${team.name}`} onSubmit={() => add.run()}>
        <TextField id={`team-${team.id}-member`} label="Username" required value={name} onValue={setName} />
        <button type="submit" class="button" disabled={add.busy}>
          Add to team
        </button>
      </ActionForm>
    </div>
  );
}

export function OrganizationPage() {
  const { params } = useRoute();
  const org = params.org;
  const base = `/api/v0/accounts/${segment(org)}`;
  const members = useAsync(() => get<Member[]>(`${base}/members`), [base]);
  const teams = useAsync(() => get<Team[]>(`${base}/teams`), [base]);
  const [memberName, setMemberName] = useState('');
  const [memberOwner, setMemberOwner] = useState(false);
  const [teamName, setTeamName] = useState('');
  const [teamDescription, setTeamDescription] = useState('');

  const setMember = useAction(async (name: string, isAdmin: boolean) => {
    await put(`${base}/members/${segment(name)}`, { isAdmin });
    await members.reload();
  });
  const removeMember = useAction(async (name: string) => {
    await del(`${base}/members/${segment(name)}`);
    await members.reload();
  });
  const createTeam = useAction(async () => {
    await post(`${base}/teams`, { name: teamName, description: teamDescription });
    setTeamName('');
    setTeamDescription('');
    await teams.reload();
  });
  const removeTeam = useAction(async (name: string) => {
    await del(`${base}/teams/${segment(name)}`);
    await teams.reload();
  });

  return (
    <>
      <nav aria-label="Breadcrumb" class="breadcrumb">
        <a href="/admin/accounts">Accounts</a> / <span aria-current="page">{org}</span>
      </nav>
      <PageHeader title={`Organization ${org}`}>
        <a class="button" href={`/admin/access?namespace=${org}`}>
          Repository access
        </a>
      </PageHeader>
      {members.error && !members.data ? (
        <ErrorNotice error={members.error} title="Could not open this organization." />
      ) : (
        <>
          <section class="card" aria-labelledby="members-title">
            <h2 id="members-title">Members</h2>
            <ErrorNotice error={setMember.error ?? removeMember.error} />
            {!members.data && !members.error && <Loading />}
            {members.data?.length === 0 && <EmptyState>No members yet.</EmptyState>}
            {!!members.data?.length && (
              <DataTable label="Members" columns={['User', 'Role']} actionsLabel="Actions">
                {members.data.map(({ member, isAdmin }) => (
                  <tr key={member.id}>
                    <td>{member.name}</td>
                    <td>{isAdmin ? 'Owner' : 'Member'}</td>
                    <td>
                      <div class="row-actions">
                        <button
                          type="button"
                          class="button button-small"
                          onClick={() => void setMember.run(member.name, !isAdmin)}
                        >
                          {isAdmin ? 'Make member' : 'Make owner'}
                          <span class="visually-hidden"> ({member.name})</span>
                        </button>
                        <ConfirmButton
                          small
                          label={`Remove ${member.name}`}
                          question={`Remove ${member.name} from ${org} and all its teams?`}
                          confirmLabel="Remove member"
                          onConfirm={() => removeMember.run(member.name)}
                        />
                      </div>
                    </td>
                  </tr>
                ))}
              </DataTable>
            )}
            {members.data && (
              <ActionForm
                class="form-row"
                label="Add a member"
                onSubmit={() => setMember.run(memberName, memberOwner).then((ok) => ok && setMemberName(''))}
              >
                <TextField
                  id="member-name"
                  label="Username"
                  required
                  value={memberName}
                  onValue={setMemberName}
                />
                <div class="field field-check">
                  <input
                    id="member-owner"
                    type="checkbox"
                    checked={memberOwner}
                    onChange={(e) => setMemberOwner(e.currentTarget.checked)}
                  />
                  <label for="member-owner">Owner</label>
                </div>
                <button type="submit" class="button button-primary">
                  Add member
                </button>
              </ActionForm>
            )}
          </section>
          <section class="card" aria-labelledby="teams-title">
            <h2 id="teams-title">Teams</h2>
            <ErrorNotice error={teams.error ?? createTeam.error ?? removeTeam.error} />
            {teams.data?.length === 0 && <EmptyState>No teams yet.</EmptyState>}
            {teams.data?.map((team) => (
              <details class="team" key={team.id}>
                <summary>
                  <strong>{team.name}</strong>{' '}
                  {team.description && <span class="muted">– {team.description}</span>}
                </summary>
                <TeamMembers org={org} team={team} onChange={members.reload} />
                <ConfirmButton
                  small
                  label={`Delete team ${team.name}`}
                  question={`Delete team ${team.name} and its repository access?`}
                  confirmLabel="Delete team"
                  onConfirm={() => removeTeam.run(team.name)}
                />
              </details>
            ))}
            {teams.data && (
              <ActionForm class="form-row" label="Create a team" onSubmit={() => createTeam.run()}>
                <TextField id="team-name" label="Team name" required value={teamName} onValue={setTeamName} />
                <TextField
                  id="team-description"
                  label="Description"
                  value={teamDescription}
                  onValue={setTeamDescription}
                />
                <button type="submit" class="button button-primary">
                  Create team
                </button>
              </ActionForm>
            )}
          </section>
        </>
      )}
    </>
  );
}
