// The one way a conversation changes state: the store's atomic transition, then the events that
// tell every node (its `event` entry and the conversation as it now is).
import type { ConversationId, TenantId } from '../domain/ids.js';
import type { Transition, TransitionResult } from '../ports/conversation-store.js';
import type { CommandContext } from './context.js';

export async function applyTransition(
  ctx: Pick<CommandContext, 'store' | 'bus'>,
  tenantId: TenantId,
  conversationId: ConversationId,
  transition: Transition,
): Promise<TransitionResult> {
  const result = await ctx.store.transition(tenantId, conversationId, transition);
  if (result.kind === 'applied') {
    ctx.bus.publish({ type: 'entry.appended', tenantId, conversation: result.conversation, entry: result.entry });
    ctx.bus.publish({ type: 'conversation.updated', tenantId, conversation: result.conversation });
  }
  return result;
}
