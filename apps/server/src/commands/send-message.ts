// Use case: a visitor or agent sends a message; answered only once it is durably stored.
import { AppError } from '../domain/app-error.js';
import type { Conversation, Entry } from '../domain/model.js';
import { participantOf, type Principal } from '../domain/principal.js';
import type { EntryTarget } from '../ports/timeline-store.js';
import type { CommandContext } from './context.js';
import { loadVisibleConversation } from './load-conversation.js';
import { reopenForVisitor } from './transition-conversation.js';
import { announceOfflineIfClosed, isVisitorBlocked, teamForNewConversation } from './visitor-gate.js';

export interface SendMessageInput {
  clientMsgId: string;
  conversationId?: string;
  text: string;
  kind: 'text' | 'note';
  attachments?: string[];
  /** Session id of the connection that sent it; it gets `sent`, not `msg`. */
  origin?: string;
}

export interface SendMessageResult {
  entry: Entry;
  conversation: Conversation;
  /** False when this was a repeat of a stored send. */
  created: boolean;
}

export async function sendMessage(ctx: CommandContext, principal: Principal, input: SendMessageInput): Promise<SendMessageResult> {
  const sender = participantOf(principal);
  if (input.kind === 'note' && principal.role !== 'agent') {
    throw new AppError('bad_frame', 'only agents may write notes');
  }
  if (input.attachments && input.attachments.length > 0) {
    throw new AppError('bad_frame', 'attachments are not accepted by this server yet');
  }
  if (input.text.trim() === '') throw new AppError('bad_frame', 'text must not be empty');

  // A repeat answers what was stored the first time, whatever became of the conversation since.
  const stored = await ctx.store.findBySenderKey(principal.tenantId, sender.id, input.clientMsgId);
  if (stored) {
    const conversation = await ctx.store.getConversation(principal.tenantId, stored.conversationId);
    if (conversation) return { entry: stored, conversation, created: false };
  }

  // A blocked visitor's words are kept, but open no conversation and reach no agent.
  const blocked = principal.role === 'visitor' && (await isVisitorBlocked(ctx.store, principal));
  let target: EntryTarget;
  if (input.conversationId !== undefined) {
    const conversation = await loadVisibleConversation(ctx.store, principal, input.conversationId);
    if (conversation.status === 'resolved' && principal.role === 'visitor' && !blocked) {
      await reopenForVisitor(ctx, principal, conversation);
    }
    target = { conversationId: conversation.id };
  } else if (principal.role === 'visitor') {
    target = {
      inboxId: principal.inboxId,
      contactId: principal.contactId,
      statusIfNew: blocked ? 'resolved' : 'queued',
      teamIdIfNew: await teamForNewConversation(ctx, principal),
    };
  } else {
    throw new AppError('bad_frame', 'agents must name the conversation (conv)');
  }

  const outcome = await ctx.store.append({
    tenantId: principal.tenantId,
    target,
    sender,
    clientMsgId: input.clientMsgId,
    kind: input.kind,
    text: input.text,
  });
  if (outcome.kind === 'not_found') throw new AppError('not_found', 'conversation not found');

  const { entry, conversation, created, conversationCreated } = outcome;
  const origin = input.origin ? { origin: input.origin } : {};
  if (blocked) {
    // Only the visitor's own other tabs hear of it; agents and routing do not.
    if (created) ctx.bus.publish({ type: 'entry.appended', tenantId: principal.tenantId, conversation, entry, visitorOnly: true, ...origin });
    return { entry, conversation, created };
  }
  if (conversationCreated) ctx.bus.publish({ type: 'conversation.updated', tenantId: principal.tenantId, conversation });
  if (created) ctx.bus.publish({ type: 'entry.appended', tenantId: principal.tenantId, conversation, entry, ...origin });
  if (conversationCreated) await announceOfflineIfClosed(ctx, conversation);
  return { entry, conversation, created };
}
