// Delivery acknowledgements arrive with nearly every message; writing each one would double the
// store's writes. They are kept here and written once a second, highest seq per participant. An
// ack lost in a crash only makes the server resend entries the client already holds, which it
// drops by seq: the protocol allows that, so durability is not needed here (reads stay immediate).
import type { ConversationId, TenantId } from '../domain/ids.js';
import type { Participant } from '../domain/model.js';
import type { Logger } from '../log.js';
import type { Store } from '../ports/store.js';

interface PendingAck {
  tenantId: TenantId;
  conversationId: ConversationId;
  participant: Participant;
  seq: number;
}

export class AckBuffer {
  private pending = new Map<string, PendingAck>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly store: Store,
    private readonly log: Logger,
    intervalMs = 1_000,
  ) {
    this.timer = setInterval(() => void this.flush(), intervalMs);
    this.timer.unref();
  }

  note(ack: PendingAck): void {
    const key = `${ack.conversationId}\u0000${ack.participant.id}`;
    const before = this.pending.get(key);
    if (!before || before.seq < ack.seq) this.pending.set(key, ack);
  }

  /** Writes what is pending; the store's group commit makes it one transaction. */
  async flush(): Promise<void> {
    if (this.pending.size === 0) return;
    const batch = [...this.pending.values()];
    this.pending = new Map();
    await Promise.all(
      batch.map((a) =>
        this.store.moveCursor(a.tenantId, a.conversationId, a.participant, { ackSeq: a.seq }).catch((error: unknown) => {
          this.log.warn('ack cursor write failed', { conversationId: a.conversationId, error });
        }),
      ),
    );
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }
}
