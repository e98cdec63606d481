// Delivery acknowledgements arrive with nearly every message; writing each one would double the
// store's writes. They are kept here and written once a second, highest seq per participant. An
// ack lost in a crash only makes the server resend entries the client already holds, which it
// drops by seq: the protocol allows that, so durability is not needed here (reads stay immediate).
import type { Logger } from '../log.js';
import type { AckMove } from '../ports/cursor-store.js';
import type { Store } from '../ports/store.js';

/** Cursors written per transaction. */
const ACK_CHUNK = 100;

export class AckBuffer {
  private pending = new Map<string, AckMove>();
  private flushing: Promise<void> | undefined;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly store: Store,
    private readonly log: Logger,
    intervalMs = 1_000,
  ) {
    this.timer = setInterval(() => void this.flush(), intervalMs);
    this.timer.unref();
  }

  note(ack: AckMove): void {
    const key = `${ack.conversationId}\u0000${ack.participant.id}`;
    const before = this.pending.get(key);
    if (!before || before.ackSeq < ack.ackSeq) this.pending.set(key, ack);
  }

  /**
   * Writes what is pending, a chunk at a time. Written at once, a second's acks of a thousand
   * conversations became one transaction of a thousand steps, 12–18 ms of the event loop in which
   * every message waited (bench/FINDINGS.md); a chunk commits in about a millisecond, and the
   * messages that arrive meanwhile commit between chunks. A flush still running when the next is
   * due is not doubled: what arrives meanwhile waits for the next.
   */
  flush(): Promise<void> {
    this.flushing ??= this.writePending().finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  private async writePending(): Promise<void> {
    if (this.pending.size === 0) return;
    const batch = [...this.pending.values()];
    this.pending = new Map();
    for (let i = 0; i < batch.length; i += ACK_CHUNK) {
      const chunk = batch.slice(i, i + ACK_CHUNK);
      // One write step a chunk, one statement an ack: as 100 separate cursor moves (three
      // statements each) they were the slowest batches of the second (bench/FINDINGS.md).
      await this.store.moveAckCursors(chunk).catch((error: unknown) => {
        this.log.warn('ack cursor write failed', { acks: chunk.length, error });
      });
    }
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
    // Acks noted while that flush ran.
    await this.flush();
  }
}
