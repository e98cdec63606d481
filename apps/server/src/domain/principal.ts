// Who is acting: an authenticated visitor or agent, always within one tenant.
import type { AgentId, ContactId, InboxId, TenantId } from './ids.js';
import type { AgentRole, Conversation, Participant } from './model.js';

export interface VisitorPrincipal {
  role: 'visitor';
  tenantId: TenantId;
  inboxId: InboxId;
  contactId: ContactId;
  name: string | null;
  /** The address the visitor connected from, when known; blocking by IP uses it. */
  ip: string | null;
}

export interface AgentPrincipal {
  role: 'agent';
  tenantId: TenantId;
  agentId: AgentId;
  agentRole: AgentRole;
  name: string;
}

export type Principal = VisitorPrincipal | AgentPrincipal;

export function participantOf(principal: Principal): Participant {
  return principal.role === 'visitor'
    ? { role: 'visitor', id: principal.contactId, ...(principal.name ? { name: principal.name } : {}) }
    : { role: 'agent', id: principal.agentId, name: principal.name };
}

/**
 * A visitor sees only their own conversations; an agent sees every conversation of the tenant
 * (until teams narrow it). A conversation of another tenant is invisible to both, not forbidden,
 * so that its existence does not leak.
 */
export function canSeeConversation(principal: Principal, conversation: Pick<Conversation, 'tenantId' | 'contactId'>): 'yes' | 'forbidden' | 'not_found' {
  if (conversation.tenantId !== principal.tenantId) return 'not_found';
  if (principal.role === 'agent') return 'yes';
  return conversation.contactId === principal.contactId ? 'yes' : 'forbidden';
}
