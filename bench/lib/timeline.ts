// What one side of a pair holds of its conversation's timeline: every seq it received, the longest
// run 1..n without a hole (what it resumes from), and the entries it was sent twice.
//
// The protocol delivers at least once and lets clients drop a seq they hold; a reconnect storm is
// where a server is most likely to send one twice (resume replay overlapping live delivery) or to
// skip one (an entry appended between the replay's read and the live subscription). The reconnect
// scenario counts both instead of hiding them.

export class Timeline {
  /** Seqs held, from `msg` frames (live, replayed or synced) and the side's own `sent` answers. */
  readonly seen = new Set<number>();
  /** 1..contiguous are all held. */
  contiguous = 0;
  /** `msg` frames for a seq this side already had on the same connection, or at or below its resume point. */
  duplicates = 0;
  firstDuplicate: string | null = null;
  /** Entries that arrived only through the final explicit `sync`: missed by live delivery and resume. */
  recoveredBySync = 0;
  private resumedFrom = -1;
  private readonly onThisConnection = new Set<number>();
  private finalSync = false;

  /** A new connection says hello, resuming from `from` (or not resuming: -1). */
  newConnection(from: number): void {
    this.onThisConnection.clear();
    this.resumedFrom = from;
    this.finalSync = false;
  }

  /** From now on entries come from an explicit `sync` that checks for holes. */
  startFinalSync(): void {
    this.finalSync = true;
  }

  msg(seq: number): void {
    if (this.finalSync) {
      if (!this.seen.has(seq)) this.recoveredBySync += 1;
    } else if (seq <= this.resumedFrom || this.onThisConnection.has(seq)) {
      this.duplicates += 1;
      this.firstDuplicate ??= `seq ${seq} again (resumed from ${this.resumedFrom})`;
    }
    this.onThisConnection.add(seq);
    this.hold(seq);
  }

  sent(seq: number): void {
    this.hold(seq);
  }

  /** Seqs in 1..upTo this side does not hold. */
  gaps(upTo: number): number {
    let missing = 0;
    for (let s = this.contiguous + 1; s <= upTo; s++) if (!this.seen.has(s)) missing += 1;
    return missing;
  }

  private hold(seq: number): void {
    this.seen.add(seq);
    while (this.seen.has(this.contiguous + 1)) this.contiguous += 1;
  }
}
