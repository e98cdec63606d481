// Which admin page is open, kept in the address (#/admin/<page>, #/dashboard) so that a reload
// or a link returns to it; null when the conversations are shown.
import { useSyncExternalStore } from 'react';

export const ADMIN_PAGES = ['dashboard', 'agents', 'teams', 'inboxes', 'replies', 'kb', 'bot'] as const;
export type AdminPage = (typeof ADMIN_PAGES)[number];

export function pageOfHash(hash: string): AdminPage | null {
  const m = /^#\/(?:admin\/)?([a-z]+)$/.exec(hash);
  const page = m?.[1] as AdminPage | undefined;
  return page && ADMIN_PAGES.includes(page) ? page : null;
}

export const hashOfPage = (page: AdminPage): string => (page === 'dashboard' ? '#/dashboard' : `#/admin/${page}`);

const listeners = new Set<() => void>();
const notify = () => listeners.forEach((l) => l());

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener('hashchange', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('hashchange', listener);
  };
}

/** The admin page in the address, re-rendering on every change. */
export function useAdminPage(): AdminPage | null {
  return useSyncExternalStore(subscribe, () => pageOfHash(location.hash));
}

/** Opens an admin page, or (null) goes back to the conversations. */
export function openAdminPage(page: AdminPage | null): void {
  if (page === null) {
    if (pageOfHash(location.hash) === null) return;
    history.replaceState(null, '', location.pathname);
  } else {
    history.pushState(null, '', hashOfPage(page));
  }
  notify();
}
