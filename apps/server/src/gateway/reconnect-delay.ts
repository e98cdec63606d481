// How long a drained client is told to wait before it reconnects.

/**
 * Clients a node expects to take back per second after a restart: connect, hello and resume,
 * cold. B8 measured 2,300–3,400 a second on a warm 2-core node sharing its cores with the load.
 */
export const RECONNECTS_PER_SEC = 2_000;

/**
 * The base delay plus a random share of a window that grows with the number of clients told at
 * once: at least the base again, and as long as the node needs to take them all back at
 * RECONNECTS_PER_SEC. Ten thousand clients told to come back within the same second overflowed the
 * kernel's listen queue and waited behind each other (bench B8); spread over five seconds, they
 * arrive about as fast as they can be welcomed.
 */
export function reconnectDelayMs(baseMs: number, clients: number, random: () => number = Math.random): number {
  const windowMs = Math.max(baseMs, (clients / RECONNECTS_PER_SEC) * 1000, 1);
  return baseMs + Math.floor(random() * windowMs);
}
