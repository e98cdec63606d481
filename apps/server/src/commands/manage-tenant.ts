// Use cases of admins: create agents and inboxes.
import { randomBytes } from 'node:crypto';
import { hashPassword } from '../auth/password.js';
import { AppError } from '../domain/app-error.js';
import type { Agent, AgentRole, Inbox, InboxSettings } from '../domain/model.js';
import type { AgentPrincipal } from '../domain/principal.js';
import type { Store } from '../ports/store.js';

function requireAdmin(actor: AgentPrincipal): void {
  if (actor.agentRole !== 'admin') throw new AppError('forbidden', 'only admins may do this');
}

export interface NewAgentInput {
  email: string;
  name: string;
  role: AgentRole;
  password: string;
}

export async function createAgent(store: Store, actor: AgentPrincipal, input: NewAgentInput): Promise<Agent> {
  requireAdmin(actor);
  if (input.password.length < 8) throw new AppError('invalid', 'password must have at least 8 characters');
  const result = await store.createAgent(actor.tenantId, {
    email: input.email.trim().toLowerCase(),
    name: input.name.trim(),
    role: input.role,
    passwordHash: await hashPassword(input.password),
  });
  if (result.kind === 'email_taken') throw new AppError('conflict', `an agent with email ${input.email} exists`);
  return result.agent;
}

export interface NewInboxInput {
  name: string;
  requireIdentity?: boolean;
  settings?: InboxSettings;
}

/** Widget keys are public (they sit in the host page); identity secrets never leave the admin API. */
export function newWidgetKey(): string {
  return `wk_${randomBytes(12).toString('base64url')}`;
}

export async function createInbox(store: Store, actor: AgentPrincipal, input: NewInboxInput): Promise<Inbox> {
  requireAdmin(actor);
  return store.createInbox(actor.tenantId, {
    name: input.name.trim(),
    widgetKey: newWidgetKey(),
    identitySecret: randomBytes(32).toString('hex'),
    requireIdentity: input.requireIdentity ?? false,
    settings: input.settings ?? {},
  });
}

export { requireAdmin };
