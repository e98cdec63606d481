// Reconnect delays: exponential growth capped at maxMs, with full jitter.

export interface BackoffOptions {
  /** First cap, in ms. Default 500. */
  minMs?: number;
  /** Highest cap, in ms. Default 30000. */
  maxMs?: number;
}

export const DEFAULT_BACKOFF_MIN_MS = 500;
export const DEFAULT_BACKOFF_MAX_MS = 30_000;

export class Backoff {
  readonly minMs: number;
  readonly maxMs: number;
  private attempt = 0;

  constructor(options: BackoffOptions = {}, private readonly random: () => number = Math.random) {
    this.minMs = Math.max(0, options.minMs ?? DEFAULT_BACKOFF_MIN_MS);
    this.maxMs = Math.max(this.minMs, options.maxMs ?? DEFAULT_BACKOFF_MAX_MS);
  }

  /**
   * The next delay: uniform in [0, min(maxMs, minMs·2^attempt)]. Full jitter spreads the
   * reconnects of many clients dropped at once (a server restart) instead of bunching them.
   */
  next(): number {
    const cap = Math.min(this.maxMs, this.minMs * 2 ** Math.min(this.attempt, 30));
    this.attempt += 1;
    return Math.floor(this.random() * cap);
  }

  /** After a welcome: the connection works, so the next failure starts small again. */
  reset(): void {
    this.attempt = 0;
  }

  /** A little jitter on top of a delay the server chose, so its clients do not return in step. */
  jitter(): number {
    return Math.floor(this.random() * this.minMs);
  }
}
