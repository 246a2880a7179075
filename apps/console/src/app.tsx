import { useEffect, useState } from 'preact/hooks';
import { LocationProvider, Route, Router, useLocation } from 'preact-iso';
import { del, onUnauthenticated, request } from './api';
import { Layout } from './components/layout';
import { Loading } from './components/ui';
import { AccessPage } from './pages/access';
import { AccountsPage } from './pages/accounts';
import { ActivityPage } from './pages/activity';
import { DeliveryPage } from './pages/delivery';
import { HomePage } from './pages/home';
import { NotFoundPage } from './pages/not-found';
import { OrganizationPage } from './pages/organization';
import { RepositoriesPage } from './pages/repositories';
import { SignInPage } from './pages/sign-in';
import { TokensPage } from './pages/tokens';
import { WebhookPage } from './pages/webhook';
import { NewWebhookPage } from './pages/webhook-new';
import { WebhooksPage } from './pages/webhooks';
import { SessionContext } from './session';
import type { Account } from './types';

type SessionView =
  { state: 'checking' } | { state: 'signed-out'; reason?: string } | { state: 'signed-in'; account: Account };

function Console() {
  const [session, setSession] = useState<SessionView>({ state: 'checking' });
  const location = useLocation();

  useEffect(() => {
    request<{ account: Account }>('GET', '/api/v0/session', undefined, { quiet401: true })
      .then(({ data }) => setSession({ state: 'signed-in', account: data.account }))
      .catch(() => setSession({ state: 'signed-out' }));
    return onUnauthenticated(() =>
      setSession({ state: 'signed-out', reason: 'Your session has ended. Sign in again to continue.' }),
    );
  }, []);

  if (session.state === 'checking') return <Loading label="Opening the console…" />;
  if (session.state === 'signed-out') {
    return (
      <SignInPage
        reason={session.reason}
        onSignedIn={(account) => {
          setSession({ state: 'signed-in', account });
          if (location.path === '/sign-in') location.route('/', true);
        }}
      />
    );
  }

  const signOut = async () => {
    try {
      await del('/api/v0/session');
    } finally {
      setSession({ state: 'signed-out' });
      location.route('/', true);
    }
  };

  return (
    <SessionContext.Provider value={{ account: session.account, signOut }}>
      <Layout>
        <Router>
          <Route path="/" component={HomePage} />
          <Route path="/sign-in" component={HomePage} />
          <Route path="/webhooks" component={WebhooksPage} />
          <Route path="/webhooks/new" component={NewWebhookPage} />
          <Route path="/webhooks/:id" component={WebhookPage} />
          <Route path="/webhooks/:id/deliveries/:deliveryId" component={DeliveryPage} />
          <Route path="/activity" component={ActivityPage} />
          <Route path="/admin/repositories" component={RepositoriesPage} />
          <Route path="/admin/accounts" component={AccountsPage} />
          <Route path="/admin/orgs/:org" component={OrganizationPage} />
          <Route path="/admin/access" component={AccessPage} />
          <Route path="/admin/tokens" component={TokensPage} />
          <Route default component={NotFoundPage} />
        </Router>
      </Layout>
    </SessionContext.Provider>
  );
}

export function App() {
  return (
    <LocationProvider>
      <Console />
    </LocationProvider>
  );
}
