// Use cases: hand a conversation to another agent (who accepts or declines) or to a team (whose
// queue then routes it). Each step is an atomic transition with an event in the timeline.
import { randomUUID } from 'node:crypto';
import { AppError } from '../domain/app-error.js';
import { asAgentId, asTeamId } from '../domain/ids.js';
import type { Conversation } from '../domain/model.js';
import { participantOf, type AgentPrincipal } from '../domain/principal.js';
import type { Transition } from '../ports/conversation-store.js';
import { applyTransition } from './apply-transition.js';
import type { CommandContext } from './context.js';
import { loadVisibleConversation } from './load-conversation.js';
import { postEntry } from './post-entry.js';

async function apply(ctx: CommandContext, agent: AgentPrincipal, conversation: Conversation, transition: Transition, refusal: string): Promise<Conversation> {
  const result = await applyTransition(ctx, agent.tenantId, conversation.id, transition);
  if (result.kind === 'not_found') throw new AppError('not_found', `conversation ${conversation.id} not found`);
  if (result.kind === 'refused') throw new AppError('conflict', refusal);
  return result.conversation;
}

async function addNote(ctx: CommandContext, agent: AgentPrincipal, conversation: Conversation, text: string): Promise<void> {
  await postEntry(ctx, {
    tenantId: agent.tenantId,
    conversationId: conversation.id,
    sender: participantOf(agent),
    clientMsgId: `transfer-note:${randomUUID()}`,
    kind: 'note',
    text,
  });
}

export interface TransferInput {
  agentId?: string;
  teamId?: string;
  note?: string;
}

/**
 * To an agent: offered to them; the current assignee keeps it until they accept. To a team: it
 * leaves the current agent and joins the team's queue at once. Only the assignee or an admin may
 * transfer.
 */
export async function transferConversation(ctx: CommandContext, agent: AgentPrincipal, conversationId: string, input: TransferInput): Promise<Conversation> {
  if ((input.agentId === undefined) === (input.teamId === undefined)) throw new AppError('invalid', 'name either agentId or teamId');
  const conversation = await loadVisibleConversation(ctx.store, agent, conversationId);
  if (conversation.status === 'resolved') throw new AppError('conflict', 'a resolved conversation cannot be transferred; reopen it first');
  if (agent.agentRole !== 'admin' && conversation.assigneeId !== agent.agentId) {
    throw new AppError('forbidden', 'only the assignee or an admin may transfer this conversation');
  }
  if (input.note?.trim()) await addNote(ctx, agent, conversation, input.note.trim());
  const actor = participantOf(agent);
  const holder = conversation.assigneeId ? { assigneeId: conversation.assigneeId } : { unassigned: true };

  if (input.agentId !== undefined) {
    const target = await ctx.store.getAgent(agent.tenantId, asAgentId(input.agentId));
    if (!target) throw new AppError('not_found', `agent ${input.agentId} not found`);
    if (target.id === conversation.assigneeId) throw new AppError('conflict', `${target.name} already holds this conversation`);
    return apply(
      ctx,
      agent,
      conversation,
      {
        from: { ...holder, statuses: ['bot', 'queued', 'open'] },
        to: { pendingTransferTo: target.id },
        event: { actor, name: 'transfer_requested', text: `${agent.name} offered the conversation to ${target.name}`, data: { from: conversation.assigneeId, to: target.id, note: input.note ?? null } },
      },
      'the conversation changed hands meanwhile; reload it',
    );
  }
  const team = await ctx.store.getTeam(agent.tenantId, asTeamId(input.teamId!));
  if (!team) throw new AppError('not_found', `team ${input.teamId} not found`);
  return apply(
    ctx,
    agent,
    conversation,
    {
      from: { ...holder, statuses: ['bot', 'queued', 'open'] },
      to: { teamId: team.id, assigneeId: null, status: 'queued', pendingTransferTo: null },
      event: { actor, name: 'transferred', text: `${agent.name} transferred the conversation to ${team.name}`, data: { from: conversation.assigneeId, toTeam: team.id, note: input.note ?? null } },
    },
    'the conversation changed hands meanwhile; reload it',
  );
}

/**
 * Gives the conversation to an agent at once, without an offer to accept: a supervisor's call, so
 * the agent's capacity does not stop it. An admin may assign any conversation; an agent, one that
 * is unassigned or their own.
 */
export async function assignConversation(ctx: CommandContext, agent: AgentPrincipal, conversationId: string, agentId: string): Promise<Conversation> {
  const conversation = await loadVisibleConversation(ctx.store, agent, conversationId);
  if (conversation.status === 'resolved') throw new AppError('conflict', 'a resolved conversation cannot be assigned; reopen it first');
  if (agent.agentRole !== 'admin' && conversation.assigneeId !== null && conversation.assigneeId !== agent.agentId) {
    throw new AppError('forbidden', 'only the assignee or an admin may reassign this conversation');
  }
  const target = await ctx.store.getAgent(agent.tenantId, asAgentId(agentId));
  if (!target) throw new AppError('not_found', `agent ${agentId} not found`);
  if (target.id === conversation.assigneeId) throw new AppError('conflict', `${target.name} already holds this conversation`);
  const holder = conversation.assigneeId ? { assigneeId: conversation.assigneeId } : { unassigned: true };
  const by = target.id === agent.agentId ? `${agent.name} took the conversation` : `${agent.name} assigned the conversation to ${target.name}`;
  return apply(
    ctx,
    agent,
    conversation,
    {
      from: { ...holder, statuses: ['bot', 'queued', 'open'] },
      to: { assigneeId: target.id, status: 'open', pendingTransferTo: null },
      event: { actor: participantOf(agent), name: 'assigned', text: by, data: { agentId: target.id, from: conversation.assigneeId, by: agent.agentId } },
    },
    'the conversation changed hands meanwhile; reload it',
  );
}

/** The offered agent takes the conversation. */
export async function acceptTransfer(ctx: CommandContext, agent: AgentPrincipal, conversationId: string): Promise<Conversation> {
  const conversation = await loadVisibleConversation(ctx.store, agent, conversationId);
  return apply(
    ctx,
    agent,
    conversation,
    {
      from: { pendingTransferTo: agent.agentId },
      to: { assigneeId: agent.agentId, pendingTransferTo: null, status: 'open' },
      event: { actor: participantOf(agent), name: 'transferred', text: `${agent.name} accepted the conversation`, data: { from: conversation.assigneeId, to: agent.agentId } },
    },
    'this conversation is not offered to you',
  );
}

/** The offered agent refuses: the conversation goes back to routing, to be assigned anew. */
export async function declineTransfer(ctx: CommandContext, agent: AgentPrincipal, conversationId: string): Promise<Conversation> {
  const conversation = await loadVisibleConversation(ctx.store, agent, conversationId);
  return apply(
    ctx,
    agent,
    conversation,
    {
      from: { pendingTransferTo: agent.agentId },
      to: { assigneeId: null, pendingTransferTo: null, status: 'queued' },
      event: { actor: participantOf(agent), name: 'transfer_declined', text: `${agent.name} declined the conversation`, data: { from: conversation.assigneeId, declinedBy: agent.agentId } },
    },
    'this conversation is not offered to you',
  );
}
