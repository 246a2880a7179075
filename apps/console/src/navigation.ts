import type { Account } from './types';

export interface NavItem {
  href: string;
  label: string;
  /** Shown only to those who may use it. */
  visible?: (account: Account) => boolean;
}

export interface NavGroup {
  label: string;
  items: NavItem[];
}

/**
 * The console's sections, in one place: a new page adds its route in app.tsx and its entry here.
 */
export const NAVIGATION: NavGroup[] = [
  {
    label: 'Webhooks',
    items: [
      { href: '/', label: 'At a glance' },
      { href: '/webhooks', label: 'Webhooks' },
      { href: '/webhooks/new', label: 'New webhook' },
    ],
  },
  {
    label: 'Registry',
    items: [
      { href: '/activity', label: 'Activity' },
      { href: '/admin/repositories', label: 'Repositories' },
    ],
  },
  {
    label: 'Access',
    items: [
      { href: '/admin/accounts', label: 'Accounts & organizations' },
      { href: '/admin/access', label: 'Repository access' },
      { href: '/admin/tokens', label: 'API tokens' },
    ],
  },
];

/** The entry for a path: the longest href it starts with. */
export function activeHref(path: string): string | undefined {
  const hrefs = NAVIGATION.flatMap((group) => group.items.map((item) => item.href));
  const matches = hrefs.filter((href) =>
    href === '/' ? path === '/' : path === href || path.startsWith(`${href}/`),
  );
  return matches.sort((a, b) => b.length - a.length)[0];
}
