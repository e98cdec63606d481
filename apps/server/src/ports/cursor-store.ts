// Per-participant delivery (ack) and read cursors of a conversation.
import type { ConversationId, TenantId } from '../domain/ids.js';
import type { Cursor, Participant } from '../domain/model.js';

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
  listCursors(tenantId: TenantId, conversationId: ConversationId): Promise<Cursor[]>;
}
