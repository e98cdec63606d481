// Agents and admins of a tenant, with their password hashes.
import type { AgentId, TenantId } from '../domain/ids.js';
import type { Agent, AgentCredentials, AgentRole, ManualStatus } from '../domain/model.js';

export interface NewAgent {
  email: string;
  name: string;
  role: AgentRole;
  passwordHash: string;
}

export interface AgentPatch {
  name?: string;
  role?: AgentRole;
  /** null: use the tenant's default. */
  capacity?: number | null;
  manualStatus?: ManualStatus;
}

export type CreateAgentResult = { kind: 'created'; agent: Agent } | { kind: 'email_taken' };

export interface AgentStore {
  /** Emails are unique across all tenants (login names no tenant), compared case-insensitively. */
  createAgent(tenantId: TenantId, agent: NewAgent): Promise<CreateAgentResult>;
  getAgent(tenantId: TenantId, id: AgentId): Promise<Agent | null>;
  /** For login only: the one lookup by email, across tenants. */
  findCredentialsByEmail(email: string): Promise<AgentCredentials | null>;
  listAgents(tenantId: TenantId): Promise<Agent[]>;
  /** The tenant's agents of these ids, in the order of `listAgents`; ids of no agent of the tenant are left out. */
  listAgentsByIds(tenantId: TenantId, ids: readonly AgentId[]): Promise<Agent[]>;
  /** Applies the patch; null if the agent is not in the tenant. New agents start `online` with no capacity of their own. */
  updateAgent(tenantId: TenantId, id: AgentId, patch: AgentPatch): Promise<Agent | null>;
}
