// Where the widget keeps things between page loads: localStorage of the frame's origin (shared by
// the tabs of one browser), or memory when the browser refuses storage to a third-party frame
// (Safari, private windows, blocked third-party cookies): then the loader keeps the visitor token.
import type { KeyValueStorage } from '@kefu/client';

export interface WidgetStorage {
  storage: KeyValueStorage;
  /** False when it is memory: nothing survives a reload unless the loader keeps it. */
  persistent: boolean;
}

export function memoryStorage(): KeyValueStorage {
  const map = new Map<string, string>();
  return { getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v), removeItem: (k) => void map.delete(k) };
}

export function browserStorage(): WidgetStorage {
  try {
    const probe = '__kefu_probe__';
    window.localStorage.setItem(probe, '1');
    window.localStorage.removeItem(probe);
    return { storage: window.localStorage, persistent: true };
  } catch {
    return { storage: memoryStorage(), persistent: false };
  }
}

/** Every key under `prefix:`, for `kefu('reset')`. */
export function clearPrefix(storage: KeyValueStorage, prefix: string): void {
  if (!(storage instanceof Storage)) return;
  const keys: string[] = [];
  for (let i = 0; i < storage.length; i++) {
    const key = storage.key(i);
    if (key?.startsWith(`${prefix}:`)) keys.push(key);
  }
  for (const key of keys) storage.removeItem(key);
}

/** sessionStorage, which a third-party frame may be refused too: then the value lasts for this page. */
export const tabStorage = {
  get(key: string): string | null {
    try {
      return sessionStorage.getItem(key);
    } catch {
      return null;
    }
  },
  set(key: string, value: string): void {
    try {
      sessionStorage.setItem(key, value);
    } catch {
      // Kept for this page only.
    }
  },
};
