// The signed-in agent, kept in localStorage so that a reload (or a second tab) stays signed in.
import type { AgentInfo } from './api.js';

const KEY = 'kefu.workbench.session';

export interface Session {
  token: string;
  agent: AgentInfo;
}

export function loadSession(): Session | null {
  try {
    const raw = localStorage.getItem(KEY);
    if (!raw) return null;
    const s = JSON.parse(raw) as Partial<Session>;
    return typeof s.token === 'string' && typeof s.agent?.id === 'string' ? (s as Session) : null;
  } catch {
    return null;
  }
}

export function saveSession(session: Session | null): void {
  if (session) localStorage.setItem(KEY, JSON.stringify(session));
  else localStorage.removeItem(KEY);
}

/** Fires when another tab signs in or out. */
export function onSessionChange(fn: (session: Session | null) => void): () => void {
  const listener = (e: StorageEvent) => {
    if (e.key === KEY) fn(loadSession());
  };
  window.addEventListener('storage', listener);
  return () => window.removeEventListener('storage', listener);
}
