import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { del, get, post, query, segment } from '../api';
import {
  ActionForm,
  ConfirmButton,
  DataTable,
  EmptyState,
  ErrorNotice,
  Loading,
  PageHeader,
  SecretValue,
  SelectField,
  TextField,
} from '../components/ui';
import { formatTime } from '../format';
import { useAction, useAsync } from '../hooks';
import { useSession } from '../session';
import { TOKEN_EXPIRY_CHOICES, tokenExpiresAt, tokenOrigin, tokenState } from '../token-expiry';
import type { ApiToken } from '../types';

const STATE_BADGES = { Active: 'succeeded', Expired: 'failed', Disabled: 'neutral' } as const;

function TokenStateBadge({ token }: { token: ApiToken }) {
  const state = tokenState(token);
  return <span class={`badge badge-${STATE_BADGES[state]}`}>{state}</span>;
}

export function TokensPage() {
  const { account } = useSession();
  const location = useLocation();
  const [username, setUsername] = useState(location.query.username ?? account.name);
  const [owner, setOwner] = useState(username);
  const tokens = useAsync(() => get<ApiToken[]>(`/api/v0/api_tokens${query({ username: owner })}`), [owner]);
  const [label, setLabel] = useState('');
  const [expiry, setExpiry] = useState('');
  const [created, setCreated] = useState<ApiToken & { token: string }>();
  const create = useAction(async () => {
    setCreated(
      await post<ApiToken & { token: string }>(`/api/v0/api_tokens${query({ username: owner })}`, {
        tokenLabel: label,
        expiresAt: tokenExpiresAt(expiry),
      }),
    );
    setLabel('');
    await tokens.reload();
  });
  const revoke = useAction(async (hashedToken: string) => {
    await del(`/api/v0/api_tokens/${segment(hashedToken)}`);
    await tokens.reload();
  });

  return (
    <>
      <PageHeader title="API tokens" />
      <p class="lead">
        Tokens sign scripts in to the DTR, Quay and Alauda APIs (and you in to this console). Revoking one
        also ends the console sessions opened with it.
      </p>
      {account.isAdmin && (
        <ActionForm
          class="card form-row"
          label="Whose tokens"
          onSubmit={() => {
            setCreated(undefined);
            setOwner(username.trim());
          }}
        >
          <TextField id="tokens-user" label="User" required value={username} onValue={setUsername} />
          <button type="submit" class="button">
            Show tokens
          </button>
        </ActionForm>
      )}
      <ActionForm class="card form-row" label="Create a token" onSubmit={() => create.run()}>
        <TextField
          id="token-label"
          label="Label"
          hint={`A new token for ${owner}, e.g. where it will be used.`}
          value={label}
          onValue={setLabel}
        />
        <SelectField
          id="token-expiry"
          label="Expires"
          value={expiry}
          any={false}
          options={TOKEN_EXPIRY_CHOICES}
          onValue={setExpiry}
        />
        <button type="submit" class="button button-primary" disabled={create.busy}>
          Create token
        </button>
      </ActionForm>
      <ErrorNotice error={create.error ?? revoke.error} />
      {created && (
        <section class="card notice-success" aria-labelledby="new-token">
          <h2 id="new-token">New token for {created.username}</h2>
          <p>
            Copy it now: it is shown only this once.
            {created.expiresAt && <> It expires {new Date(created.expiresAt).toLocaleString()}.</>}
          </p>
          <SecretValue value={created.token} label="New API token" />
        </section>
      )}
      <ErrorNotice error={tokens.error} title="Could not load the tokens." />
      {!tokens.data && !tokens.error && <Loading />}
      {tokens.data?.length === 0 && <EmptyState>{owner} has no API tokens.</EmptyState>}
      {!!tokens.data?.length && (
        <DataTable
          framed
          label={`API tokens of ${owner}`}
          columns={['Label', 'Created', 'Last used', 'Expires', 'Made by', 'Status']}
          actionsLabel="Actions"
        >
          {tokens.data.map((token) => (
            <tr key={token.hashedToken}>
              <td>{token.tokenLabel || <span class="muted">(no label)</span>}</td>
              <td>{formatTime(token.creationTime)}</td>
              <td>{formatTime(token.lastUsed)}</td>
              <td title={token.expiresAt ?? undefined}>
                {token.expiresAt ? new Date(token.expiresAt).toLocaleString() : 'Never'}
              </td>
              <td>{tokenOrigin(token.generatedBy, token.username)}</td>
              <td>
                <TokenStateBadge token={token} />
              </td>
              <td>
                <ConfirmButton
                  small
                  label={`Revoke ${token.tokenLabel || 'token'}`}
                  question={`Revoke the token ${token.tokenLabel ? `"${token.tokenLabel}"` : ''} of ${token.username}? Scripts and console sessions using it stop working.`}
                  confirmLabel="Revoke token"
                  onConfirm={() => revoke.run(token.hashedToken)}
                />
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </>
  );
}
