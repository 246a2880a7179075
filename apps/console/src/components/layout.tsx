import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { activeHref, NAVIGATION } from '../navigation';
import { useSession } from '../session';

export function Layout({ children }: { children: ComponentChildren }) {
  const { account, signOut } = useSession();
  const { path } = useLocation();
  const current = activeHref(path);
  const main = useRef<HTMLElement>(null);
  const firstPath = useRef(path);
  // After a client-side navigation, keyboard and screen reader users start at the new page's content.
  useEffect(() => {
    if (path !== firstPath.current) main.current?.focus();
  }, [path]);
  return (
    <div class="shell">
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="topbar">
        <a class="brand" href="/">
          <img src="/favicon.svg" alt="" width="24" height="24" />
          Hookyard
        </a>
        <div class="topbar-user">
          <span>
            Signed in as <strong>{account.name}</strong>
            {account.isAdmin && <span class="badge badge-neutral">system admin</span>}
          </span>
          <button type="button" class="button button-small" onClick={() => void signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <nav class="sidebar" aria-label="Console">
        {NAVIGATION.map((group) => (
          <div class="nav-group" key={group.label}>
            <h2 class="nav-heading">{group.label}</h2>
            <ul>
              {group.items
                .filter((item) => !item.visible || item.visible(account))
                .map((item) => (
                  <li key={item.href}>
                    <a href={item.href} aria-current={item.href === current ? 'page' : undefined}>
                      {item.label}
                    </a>
                  </li>
                ))}
            </ul>
          </div>
        ))}
        <div class="nav-group">
          <h2 class="nav-heading">Reference</h2>
          <ul>
            <li>
              <a href="/api/docs" target="_blank" rel="noopener">
                API documentation
              </a>
            </li>
          </ul>
        </div>
      </nav>
      <main id="main" class="content" tabIndex={-1} ref={main}>
        {children}
      </main>
    </div>
  );
}
