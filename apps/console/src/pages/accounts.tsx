import { useState } from 'preact/hooks';
import { del, get, post, segment } from '../api';
import {
  ActionForm,
  ConfirmButton,
  DataTable,
  EmptyState,
  ErrorNotice,
  Loading,
  Notice,
  PageHeader,
  TextField,
} from '../components/ui';
import { useAction, useAsync } from '../hooks';
import { useSession } from '../session';
import type { Account } from '../types';

function CreateAccountForm({ onCreated }: { onCreated: (account: Account) => void }) {
  const [name, setName] = useState('');
  const [fullName, setFullName] = useState('');
  const [isOrg, setIsOrg] = useState(false);
  const [isAdmin, setIsAdmin] = useState(false);
  const create = useAction(async () => {
    onCreated(
      await post<Account>('/api/v0/accounts', { name, fullName, isOrg, ...(isOrg ? {} : { isAdmin }) }),
    );
    setName('');
    setFullName('');
  });
  return (
    <ActionForm class="card form form-inline" label="Create an account" onSubmit={() => create.run()}>
      <h2>Create an account</h2>
      <ErrorNotice error={create.error} title="Not created." />
      <div class="form-row">
        <TextField
          id="account-name"
          label="Name"
          hint="lowercase letters, digits, . _ -"
          required
          value={name}
          onValue={setName}
        />
        <TextField id="account-full-name" label="Full name" value={fullName} onValue={setFullName} />
        <fieldset class="field">
          <legend>Kind</legend>
          <label class="inline-choice">
            <input type="radio" name="kind" checked={!isOrg} onChange={() => setIsOrg(false)} /> User
          </label>
          <label class="inline-choice">
            <input type="radio" name="kind" checked={isOrg} onChange={() => setIsOrg(true)} /> Organization
          </label>
        </fieldset>
        {!isOrg && (
          <div class="field field-check">
            <input
              id="account-admin"
              type="checkbox"
              checked={isAdmin}
              onChange={(e) => setIsAdmin(e.currentTarget.checked)}
            />
            <label for="account-admin">System admin</label>
          </div>
        )}
      </div>
      <div class="form-actions">
        <button type="submit" class="button button-primary" disabled={create.busy}>
          Create
        </button>
      </div>
    </ActionForm>
  );
}

/** What deleting an account takes with it (DELETE /api/v0/accounts/{name}), said before it is done. */
function DeletionConsequences({ account }: { account: Account }) {
  return (
    <>
      <p>
        Delete the {account.isOrg ? 'organization' : 'user'} <strong>{account.name}</strong>? Its
        repositories, their access grants and the webhooks of its namespace go with it
        {account.isOrg
          ? ', and so do its teams and their memberships'
          : ', and so do its API tokens and team memberships'}
        .
      </p>
      <p>Webhooks it made elsewhere are turned off. This cannot be undone.</p>
    </>
  );
}

export function AccountsPage() {
  const { account } = useSession();
  const accounts = useAsync(() => get<Account[]>('/api/v0/accounts'), []);
  const [created, setCreated] = useState<Account>();
  const [deleted, setDeleted] = useState<string>();
  const remove = useAction(async (row: Account) => {
    await del(`/api/v0/accounts/${segment(row.name)}`);
    setDeleted(row.name);
    setCreated(undefined);
    await accounts.reload();
  });
  return (
    <>
      <PageHeader title="Accounts & organizations" />
      <p class="lead">
        Users sign in with API tokens; organizations own namespaces, and their owners manage members, teams
        and repository access.
      </p>
      {created && (
        <Notice kind="success">
          Created {created.isOrg ? 'organization' : 'user'} <strong>{created.name}</strong>.{' '}
          {created.isOrg ? (
            <a href={`/admin/orgs/${created.name}`}>Add members and teams</a>
          ) : (
            <a href={`/admin/tokens?username=${created.name}`}>Give them an API token</a>
          )}
        </Notice>
      )}
      {deleted && (
        <Notice kind="success">
          Deleted <strong>{deleted}</strong>.
        </Notice>
      )}
      <ErrorNotice error={remove.error} title="Not deleted." />
      {account.isAdmin && (
        <CreateAccountForm
          onCreated={(value) => {
            setCreated(value);
            void accounts.reload();
          }}
        />
      )}
      <ErrorNotice error={accounts.error} title="Could not load the accounts." />
      {!accounts.data && !accounts.error && <Loading />}
      {accounts.data?.length === 0 && <EmptyState>No accounts.</EmptyState>}
      {!!accounts.data?.length && (
        <DataTable
          framed
          label="Accounts"
          columns={['Name', 'Kind', 'Full name', 'Status']}
          actionsLabel={account.isAdmin ? 'Actions' : undefined}
        >
          {accounts.data.map((row) => (
            <tr key={row.id}>
              <td>{row.isOrg ? <a href={`/admin/orgs/${row.name}`}>{row.name}</a> : row.name}</td>
              <td>
                {row.isOrg ? 'Organization' : 'User'}
                {row.isAdmin && <span class="badge badge-neutral">system admin</span>}
              </td>
              <td>{row.fullName || <span class="muted">–</span>}</td>
              <td>{row.isActive ? 'Active' : 'Inactive'}</td>
              {account.isAdmin && (
                <td>
                  {row.name !== account.name && (
                    <ConfirmButton
                      small
                      label={`Delete ${row.name}`}
                      question={<DeletionConsequences account={row} />}
                      confirmLabel={`Delete ${row.isOrg ? 'organization' : 'user'}`}
                      onConfirm={() => remove.run(row)}
                      busy={remove.busy}
                      typeToConfirm={row.name}
                    />
                  )}
                </td>
              )}
            </tr>
          ))}
        </DataTable>
      )}
    </>
  );
}
