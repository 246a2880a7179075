import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Account } from './types';

export interface SessionState {
  account: Account;
  signOut: () => Promise<void>;
}

export const SessionContext = createContext<SessionState | null>(null);

/** The signed-in account; pages render only inside a session. */
export function useSession(): SessionState {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a session');
  return session;
}
