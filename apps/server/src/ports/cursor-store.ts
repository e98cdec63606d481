// Per-participant delivery (ack) and read cursors of a conversation.
import type { ConversationId, TenantId } from '../domain/ids.js';
import type { Cursor, Participant } from '../domain/model.js';

/** One participant's delivery acknowledgement of a conversation, up to `ackSeq`. */
export interface AckMove {
  tenantId: TenantId;
  conversationId: ConversationId;
  participant: Participant;
  ackSeq: number;
}

export interface CursorStore {
  /**
   * Moves a participant's cursors forward; a lower value than the stored one is ignored,
   * so replays and out-of-order frames never move a cursor back. Returns the stored cursor
   * and whether it moved.
   */
  moveCursor(
    tenantId: TenantId,
    conversationId: ConversationId,
    participant: Participant,
    to: { ackSeq?: number; readSeq?: number },
  ): Promise<{ cursor: Cursor; moved: boolean }>;
  /**
   * Moves many ack cursors forward in one write, as `moveCursor` would one by one with `ackSeq`
   * alone, but answers only how many moved. An ack of a conversation that is not in its tenant is
   * skipped. The acks of a second of traffic arrive together; one statement each, in one step,
   * keeps their write from holding up the messages committed beside it (bench B4).
   */
  moveAckCursors(acks: readonly AckMove[]): Promise<number>;
  listCursors(tenantId: TenantId, conversationId: ConversationId): Promise<Cursor[]>;
}
