// Loads a conversation the principal may see, or fails with the error a client should get.
import { AppError } from '../domain/app-error.js';
import { asConversationId } from '../domain/ids.js';
import type { Conversation } from '../domain/model.js';
import { canSeeConversation, type Principal } from '../domain/principal.js';
import type { ConversationPosition } from '../ports/conversation-store.js';
import type { Store } from '../ports/store.js';
import type { ReadMode } from '../ports/read-mode.js';

export async function loadVisibleConversation(store: Store, principal: Principal, id: string, mode?: ReadMode): Promise<Conversation> {
  return assertVisible(principal, id, await store.getConversation(principal.tenantId, asConversationId(id), mode));
}

/** Where the conversation's timeline stands, if the principal may see it: what a resume or a `sync` needs. */
export async function loadVisiblePosition(store: Store, principal: Principal, id: string): Promise<ConversationPosition> {
  return assertVisible(principal, id, await store.getConversationPosition(principal.tenantId, asConversationId(id)));
}

/** The conversation read for `id`, if the principal may see it; else the error a client should get. */
export function assertVisible<C extends Pick<Conversation, 'tenantId' | 'contactId'>>(principal: Principal, id: string, conversation: C | null): C {
  if (!conversation) throw new AppError('not_found', `conversation ${id} not found`);
  const access = canSeeConversation(principal, conversation);
  if (access === 'not_found') throw new AppError('not_found', `conversation ${id} not found`);
  if (access === 'forbidden') throw new AppError('forbidden', `conversation ${id} belongs to someone else`);
  return conversation;
}
