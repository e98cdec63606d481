// Use cases that change a conversation's status or assignee: claim, resolve, reopen.
import { AppError } from '../domain/app-error.js';
import { PRIORITIES, type Conversation, type Entry, type Priority } from '../domain/model.js';
import { participantOf, type AgentPrincipal, type Principal, type VisitorPrincipal } from '../domain/principal.js';
import type { Transition } from '../ports/conversation-store.js';
import { applyTransition } from './apply-transition.js';
import { firstStatusFor, type CommandContext } from './context.js';
import { loadVisibleConversation } from './load-conversation.js';

export type ClaimResult =
  | { kind: 'claimed'; conversation: Conversation; entry: Entry }
  | { kind: 'taken'; conversation: Conversation };

async function apply(ctx: CommandContext, principal: Principal, conversation: Conversation, transition: Transition) {
  const result = await applyTransition(ctx, principal.tenantId, conversation.id, transition);
  if (result.kind === 'not_found') throw new AppError('not_found', `conversation ${conversation.id} not found`);
  return result;
}

/** Atomic: of concurrent claims of one unassigned conversation, exactly one wins. */
export async function claimConversation(ctx: CommandContext, agent: AgentPrincipal, conversationId: string): Promise<ClaimResult> {
  const conversation = await loadVisibleConversation(ctx.store, agent, conversationId);
  const result = await apply(ctx, agent, conversation, {
    from: { unassigned: true, statuses: ['bot', 'queued', 'open'] },
    to: { status: 'open', assigneeId: agent.agentId },
    event: { actor: participantOf(agent), name: 'assigned', text: `${agent.name} joined the conversation`, data: { agentId: agent.agentId } },
  });
  return result.kind === 'applied'
    ? { kind: 'claimed', conversation: result.conversation, entry: result.entry }
    : { kind: 'taken', conversation: result.conversation };
}

export async function resolveConversation(ctx: CommandContext, agent: AgentPrincipal, conversationId: string): Promise<Conversation> {
  const conversation = await loadVisibleConversation(ctx.store, agent, conversationId);
  const result = await apply(ctx, agent, conversation, {
    from: { statuses: ['bot', 'queued', 'open'] },
    to: { status: 'resolved' },
    event: { actor: participantOf(agent), name: 'resolved', text: `${agent.name} resolved the conversation`, data: { agentId: agent.agentId } },
  });
  if (result.kind === 'refused') throw new AppError('conflict', 'the conversation is already resolved');
  return result.conversation;
}

/** An agent reopens a resolved conversation and keeps it. */
export async function reopenConversation(ctx: CommandContext, agent: AgentPrincipal, conversationId: string): Promise<Conversation> {
  const conversation = await loadVisibleConversation(ctx.store, agent, conversationId);
  const result = await apply(ctx, agent, conversation, {
    from: { statuses: ['resolved'] },
    to: { status: 'open', assigneeId: agent.agentId },
    event: { actor: participantOf(agent), name: 'reopened', text: `${agent.name} reopened the conversation`, data: { agentId: agent.agentId } },
  });
  if (result.kind === 'refused') throw new AppError('conflict', 'the conversation is not resolved');
  return result.conversation;
}

/** A visitor writing into a resolved conversation reopens it: back to the bot where one runs, else to the queue. */
export async function reopenForVisitor(ctx: CommandContext, visitor: VisitorPrincipal, conversation: Conversation): Promise<void> {
  // `refused` means someone reopened it first: the message goes in either way.
  await apply(ctx, visitor, conversation, {
    from: { statuses: ['resolved'] },
    to: { status: await firstStatusFor(ctx, visitor), assigneeId: null },
    event: { actor: participantOf(visitor), name: 'reopened', text: 'The visitor reopened the conversation' },
  });
}

/** Priority orders the queue before arrival time. Setting the same priority again changes nothing. */
export async function setPriority(ctx: CommandContext, agent: AgentPrincipal, conversationId: string, priority: Priority): Promise<Conversation> {
  if (!PRIORITIES.includes(priority)) throw new AppError('invalid', `priority must be one of ${PRIORITIES.join(', ')}`);
  const conversation = await loadVisibleConversation(ctx.store, agent, conversationId);
  if (conversation.priority === priority) return conversation;
  const result = await apply(ctx, agent, conversation, {
    from: {},
    to: { priority },
    event: { actor: participantOf(agent), name: 'priority_changed', text: `${agent.name} set the priority to ${priority}`, data: { priority } },
  });
  return result.kind === 'applied' ? result.conversation : conversation;
}
