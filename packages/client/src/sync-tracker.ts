// The syncs (and resumes) of one connection awaiting `synced`, matched in the order they were asked.

export interface PendingSync {
  after: number;
  /**
   * A fetch of a known range (a page before the held window, one entry the server just stored),
   * not the forward sync: it neither waits for nor blocks one, and its answer asks nothing more.
   */
  side: boolean;
  /** Highest seq held when asked: a gap that grew since is worth asking about again. */
  highest: number;
  /** A resume answered from before an epoch change: its entries are kept, its end means nothing. */
  stale?: boolean;
}

/**
 * The server answers the frames of one connection in order, so the n-th `synced` of a
 * conversation answers the n-th sync asked (a resume counts as the first).
 */
export class SyncTracker {
  private readonly pending = new Map<string, PendingSync[]>();

  has(conv: string): boolean {
    return this.pending.has(conv);
  }

  /** A forward sync is on its way: another would fetch the same entries twice. */
  forwardPending(conv: string): boolean {
    return (this.pending.get(conv) ?? []).some((p) => !p.side && !p.stale);
  }

  add(conv: string, request: PendingSync): void {
    const list = this.pending.get(conv) ?? [];
    list.push(request);
    this.pending.set(conv, list);
  }

  /** The request a `synced` of `conv` answers; undefined for one nobody asked (harmless). */
  answer(conv: string): PendingSync | undefined {
    const list = this.pending.get(conv);
    const first = list?.shift();
    if (list?.length === 0) this.pending.delete(conv);
    return first;
  }

  /** After an epoch change: what is pending was asked against the old numbering. */
  markStale(): void {
    for (const list of this.pending.values()) for (const p of list) p.stale = true;
  }
}
