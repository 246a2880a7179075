import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { del, fieldError, formError, get, patch, post, query, request, segment } from '../api';
import {
  ActionForm,
  ConfirmButton,
  DataTable,
  EmptyState,
  ErrorNotice,
  Loading,
  LoadMore,
  Notice,
  PageHeader,
  SelectField,
  TextField,
} from '../components/ui';
import { ListingPage, useAction, useAsync, usePagedListing } from '../hooks';
import { useSession } from '../session';
import type { Repository } from '../types';

const PAGE_SIZE = 50;
const VISIBILITIES = [
  ['private', 'Private'],
  ['public', 'Public'],
] as const;

async function loadPage(namespace: string, pageStart?: string): Promise<ListingPage<Repository>> {
  const path = namespace ? `/api/v0/repositories/${segment(namespace)}` : '/api/v0/repositories';
  const answer = await request<{ repositories: Repository[] }>(
    'GET',
    `${path}${query({ pageSize: PAGE_SIZE, pageStart })}`,
  );
  return {
    items: answer.data.repositories,
    next: answer.headers.get('X-Next-Page-Start') ?? undefined,
  };
}

function CreateRepositoryForm({
  namespace,
  onCreated,
}: {
  namespace: string;
  onCreated: (r: Repository) => void;
}) {
  const [owner, setOwner] = useState(namespace);
  const [name, setName] = useState('');
  const [visibility, setVisibility] = useState('private');
  const [shortDescription, setShortDescription] = useState('');
  const create = useAction(async () => {
    onCreated(
      await post<Repository>(`/api/v0/repositories/${segment(owner.trim())}`, {
        name: name.trim(),
        visibility,
        shortDescription,
      }),
    );
    setName('');
    setShortDescription('');
  });
  return (
    <ActionForm class="card form" label="Create a repository" onSubmit={() => create.run()}>
      <h2>Create a repository</h2>
      <ErrorNotice error={formError(create.error, ['name'])} title="Not created." />
      <div class="form-row">
        <TextField id="repository-namespace" label="Namespace" required value={owner} onValue={setOwner} />
        <TextField
          id="repository-name"
          label="Name"
          hint="lowercase letters, digits, . _ -"
          required
          value={name}
          error={fieldError(create.error, 'name')}
          onValue={setName}
        />
        <SelectField
          id="repository-visibility"
          label="Visibility"
          value={visibility}
          any={false}
          options={VISIBILITIES}
          onValue={setVisibility}
        />
      </div>
      <TextField
        id="repository-description"
        label="Short description"
        value={shortDescription}
        onValue={setShortDescription}
      />
      <div class="form-actions">
        <button type="submit" class="button button-primary" disabled={create.busy}>
          Create repository
        </button>
      </div>
    </ActionForm>
  );
}

interface RepositoryRowProps {
  repository: Repository;
  busy: boolean;
  setVisibility: (visibility: string) => void;
  remove: () => Promise<boolean>;
}

/**
 * One repository; making it public or private and deleting it are offered to its admins only
 * (system admins, else as `repositoryAccess` answers for the signed-in account), as the API refuses
 * them to anyone else.
 */
function RepositoryRow({ repository, busy, setVisibility, remove }: RepositoryRowProps) {
  const { account } = useSession();
  const access = useAsync(
    async () =>
      account.isAdmin
        ? 'admin'
        : (
            await get<{ accessLevel: string }>(
              `/api/v0/accounts/${segment(account.name)}/repositoryAccess/${segment(repository.namespace)}/${segment(repository.name)}`,
            )
          ).accessLevel,
    [account.name, account.isAdmin, repository.id],
  );
  const name = `${repository.namespace}/${repository.name}`;
  const other = repository.visibility === 'public' ? 'private' : 'public';
  const where = query({ namespace: repository.namespace, repository: repository.name });
  return (
    <tr>
      <td>{name}</td>
      <td>{repository.visibility === 'public' ? 'Public' : 'Private'}</td>
      <td>{repository.shortDescription || <span class="muted">–</span>}</td>
      <td>{repository.pushes}</td>
      <td>{repository.pulls}</td>
      <td>
        <div class="row-actions">
          <a href={`/activity${where}`}>
            Activity<span class="visually-hidden"> of {name}</span>
          </a>
          <a href={`/admin/access${where}`}>
            Access<span class="visually-hidden"> to {name}</span>
          </a>
          {access.data && access.data !== 'admin' && <span class="muted">{access.data}</span>}
          {access.data === 'admin' && (
            <>
              <button
                type="button"
                class="button button-small"
                disabled={busy}
                onClick={() => setVisibility(other)}
              >
                Make {other}
                <span class="visually-hidden"> {name}</span>
              </button>
              <ConfirmButton
                small
                label={`Delete ${name}`}
                question={
                  <>
                    Delete <strong>{name}</strong>? Its access grants and every webhook of it go too. This
                    cannot be undone.
                  </>
                }
                confirmLabel="Delete repository"
                onConfirm={remove}
              />
            </>
          )}
        </div>
      </td>
    </tr>
  );
}

/**
 * Repositories as DTR objects: the ones the user has access to (all for system admins), a
 * namespace's alone when one is given; created, made public or private, and removed by their
 * admins. REPO_CREATED, REPO_UPDATED and REPO_DELETED follow, as in DTR.
 */
export function RepositoriesPage() {
  const location = useLocation();
  const [namespace, setNamespace] = useState(location.query.namespace ?? '');
  const [shown, setShown] = useState(namespace.trim());
  const [message, setMessage] = useState<string>();

  const listing = usePagedListing((pageStart) => loadPage(shown, pageStart), [shown]);
  const firstPage = listing.first;
  const path = (repository: Repository) =>
    `/api/v0/repositories/${segment(repository.namespace)}/${segment(repository.name)}`;
  const setVisibility = useAction(async (repository: Repository, visibility: string) => {
    await patch(path(repository), { visibility });
    await firstPage.reload();
    setMessage(`${repository.namespace}/${repository.name} is ${visibility} now.`);
  });
  const remove = useAction(async (repository: Repository) => {
    await del(path(repository));
    await firstPage.reload();
    setMessage(`Deleted ${repository.namespace}/${repository.name}.`);
  });

  const rows = listing.items;
  return (
    <>
      <PageHeader title="Repositories" />
      <p class="lead">
        The repositories you have access to. Their admins manage their webhooks; deleting one removes its
        grants and webhooks too.
      </p>
      <ActionForm
        class="card form-row"
        label="Choose a namespace"
        onSubmit={() => {
          setShown(namespace.trim());
          history.replaceState(
            history.state,
            '',
            `/admin/repositories${query({ namespace: namespace.trim() })}`,
          );
        }}
      >
        <TextField
          id="repositories-namespace"
          label="Namespace"
          hint="Empty: every namespace."
          value={namespace}
          onValue={setNamespace}
        />
        <button type="submit" class="button">
          Show repositories
        </button>
      </ActionForm>
      <CreateRepositoryForm
        key={shown}
        namespace={shown}
        onCreated={(repository) => {
          setMessage(`Created ${repository.namespace}/${repository.name}.`);
          void firstPage.reload();
        }}
      />
      {message && <Notice kind="success">{message}</Notice>}
      <ErrorNotice error={setVisibility.error ?? remove.error} />
      <ErrorNotice error={firstPage.error} title="Could not load the repositories." />
      {firstPage.loading && !firstPage.data && <Loading />}
      {firstPage.data && rows.length === 0 && (
        <EmptyState>
          {shown ? `No repositories of ${shown} you have access to.` : 'No repositories yet.'}
        </EmptyState>
      )}
      {rows.length > 0 && (
        <DataTable
          framed
          label="Repositories"
          columns={['Repository', 'Visibility', 'Description', 'Pushes', 'Pulls']}
          actionsLabel="Actions"
        >
          {rows.map((repository) => (
            <RepositoryRow
              key={repository.id}
              repository={repository}
              busy={setVisibility.busy}
              setVisibility={(visibility) => void setVisibility.run(repository, visibility)}
              remove={() => remove.run(repository)}
            />
          ))}
        </DataTable>
      )}
      <LoadMore next={listing.next} loadMore={listing.loadMore} />
    </>
  );
}
