// What the client takes from its host (browser or Node) when present, looked up at run time.
import type { WebSocketConstructor } from './types.js';

interface HostGlobals {
  WebSocket?: WebSocketConstructor;
  crypto?: { randomUUID?: () => string; getRandomValues?: (array: Uint8Array) => Uint8Array };
  addEventListener?: (type: string, listener: (event: unknown) => void) => void;
  removeEventListener?: (type: string, listener: (event: unknown) => void) => void;
}

// Neither lib.dom nor @types/node is assumed: the package builds for browsers and is
// type-checked with Node's types in the monorepo.
const host = globalThis as unknown as HostGlobals;

export function hostWebSocket(): WebSocketConstructor | undefined {
  return host.WebSocket;
}

/**
 * Listens to a window event (`storage`, `online`, `pagehide`) when the host has such events;
 * returns the function that stops listening.
 */
export function listenHost(type: string, listener: (event: unknown) => void): () => void {
  if (typeof host.addEventListener !== 'function') return () => {};
  host.addEventListener(type, listener);
  return () => host.removeEventListener?.(type, listener);
}

/**
 * A new client message id. `crypto.randomUUID` exists only in secure contexts, so a widget on
 * a plain-http page falls back to `getRandomValues`, then to Math.random.
 */
export function newMessageId(): string {
  const c = host.crypto;
  if (typeof c?.randomUUID === 'function') return c.randomUUID();
  const bytes = new Uint8Array(16);
  if (typeof c?.getRandomValues === 'function') c.getRandomValues(bytes);
  else for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
