// Use case: a participant acknowledges or reads up to a seq; reads become receipts for the others.
import { AppError } from '../domain/app-error.js';
import type { Conversation, Participant } from '../domain/model.js';
import { participantOf, type Principal } from '../domain/principal.js';
import type { CommandContext } from './context.js';
import { loadVisibleConversation } from './load-conversation.js';

/** The conversation and participant of a cursor move, once the principal may make it. */
export async function checkCursor(
  ctx: Pick<CommandContext, 'store'>,
  principal: Principal,
  conversationId: string,
  seq: number,
): Promise<{ conversation: Conversation; participant: Participant }> {
  // Committed is enough: the check decides only whether the cursor moves.
  const conversation = await loadVisibleConversation(ctx.store, principal, conversationId, 'committed');
  if (seq > conversation.lastSeq) {
    throw new AppError('bad_frame', `seq ${seq} is past the end of conversation ${conversationId} (${conversation.lastSeq})`);
  }
  return { conversation, participant: participantOf(principal) };
}

export async function moveCursor(
  ctx: CommandContext,
  principal: Principal,
  conversationId: string,
  to: { ackSeq?: number; readSeq?: number },
): Promise<void> {
  const { conversation, participant } = await checkCursor(ctx, principal, conversationId, to.ackSeq ?? to.readSeq ?? 0);
  const { cursor, moved } = await ctx.store.moveCursor(principal.tenantId, conversation.id, participant, to);
  if (moved && to.readSeq !== undefined) {
    ctx.bus.publish({ type: 'cursor.read', tenantId: principal.tenantId, conversation, from: participant, readSeq: cursor.readSeq });
  }
}
