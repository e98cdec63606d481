// The one way the server itself adds to a timeline (bot replies, system notices, notes of a
// transfer, rating events): the store's idempotent append, then the event every node delivers.
import type { ConversationId, TenantId } from '../domain/ids.js';
import type { Participant } from '../domain/model.js';
import type { AppendResult, EntryDraft } from '../ports/timeline-store.js';
import type { CommandContext } from './context.js';

export interface PostDraft extends Omit<EntryDraft, 'target' | 'tenantId'> {
  tenantId: TenantId;
  conversationId: ConversationId;
  sender: Participant;
}

/**
 * Appends to an existing conversation; null when it does not exist. A repeat of the same
 * (sender, clientMsgId) stores and publishes nothing and returns the stored entry.
 */
export async function postEntry(ctx: Pick<CommandContext, 'store' | 'bus'>, draft: PostDraft): Promise<AppendResult | null> {
  const { conversationId, ...rest } = draft;
  const outcome = await ctx.store.append({ ...rest, target: { conversationId } });
  if (outcome.kind === 'not_found') return null;
  if (outcome.created) {
    ctx.bus.publish({ type: 'entry.appended', tenantId: draft.tenantId, conversation: outcome.conversation, entry: outcome.entry });
  }
  return outcome;
}
