// Use case: a participant acknowledges or reads up to a seq; reads become receipts for the others.
import { AppError } from '../domain/app-error.js';
import { participantOf, type Principal } from '../domain/principal.js';
import type { CommandContext } from './context.js';
import { loadVisibleConversation } from './load-conversation.js';

export async function moveCursor(
  ctx: CommandContext,
  principal: Principal,
  conversationId: string,
  to: { ackSeq?: number; readSeq?: number },
): Promise<void> {
  const conversation = await loadVisibleConversation(ctx.store, principal, conversationId);
  const seq = to.ackSeq ?? to.readSeq ?? 0;
  if (seq > conversation.lastSeq) {
    throw new AppError('bad_frame', `seq ${seq} is past the end of conversation ${conversationId} (${conversation.lastSeq})`);
  }
  const participant = participantOf(principal);
  const { cursor, moved } = await ctx.store.moveCursor(principal.tenantId, conversation.id, participant, to);
  if (moved && to.readSeq !== undefined) {
    ctx.bus.publish({ type: 'cursor.read', tenantId: principal.tenantId, conversation, from: participant, readSeq: cursor.readSeq });
  }
}
