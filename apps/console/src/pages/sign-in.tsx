import { useEffect, useState } from 'preact/hooks';
import { request } from '../api';
import { ErrorNotice, Notice } from '../components/ui';
import { useAction } from '../hooks';
import type { Account } from '../types';

/** Username and API token become a session cookie the browser keeps (httpOnly: scripts never see it). */
export function SignInPage({
  reason,
  onSignedIn,
}: {
  reason?: string;
  onSignedIn: (account: Account) => void;
}) {
  const [username, setUsername] = useState('');
  const [token, setToken] = useState('');
  const signIn = useAction(async () => {
    // A wrong token answers 401 too: that is this form's error, not an ended session.
    const { data } = await request<{ account: Account }>(
      'POST',
      '/api/v0/session',
      { username, token },
      { quiet401: true },
    );
    const { account } = data;
    setToken('');
    onSignedIn(account);
  });
  useEffect(() => {
    document.title = 'Sign in · Hookyard';
  }, []);

  return (
    <main class="sign-in">
      <form
        class="card sign-in-card"
        onSubmit={(event) => {
          event.preventDefault();
          void signIn.run();
        }}
        aria-labelledby="sign-in-title"
      >
        <div class="brand brand-large">
          <img src="/favicon.svg" alt="" width="32" height="32" />
          Hookyard
        </div>
        <h1 id="sign-in-title">Sign in to the console</h1>
        {reason && <Notice>{reason}</Notice>}
        <ErrorNotice error={signIn.error} />
        <div class="field">
          <label for="username">Username</label>
          <input
            id="username"
            name="username"
            autoComplete="username"
            required
            value={username}
            onInput={(event) => setUsername(event.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for="token">API token</label>
          <input
            id="token"
            name="token"
            type="password"
            autoComplete="current-password"
            required
            value={token}
            onInput={(event) => setToken(event.currentTarget.value)}
            aria-describedby="token-hint"
          />
          <p class="hint" id="token-hint">
            One of your API tokens. The admin token is printed by <code>npm start</code> on first start.
          </p>
        </div>
        <button type="submit" class="button button-primary button-block" disabled={signIn.busy}>
          {signIn.busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
