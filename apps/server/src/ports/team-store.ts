// Teams (departments) of a tenant, their routing policy, business hours and members.
import type { AgentId, TeamId, TenantId } from '../domain/ids.js';
import type { RoutingPolicy } from '../domain/agent-selection.js';
import type { BusinessHours } from '../domain/business-hours.js';
import type { Team } from '../domain/model.js';

export interface NewTeam {
  name: string;
  policy: RoutingPolicy;
  businessHours: BusinessHours | null;
}

export type TeamPatch = Partial<NewTeam>;

export interface TeamStore {
  createTeam(tenantId: TenantId, team: NewTeam): Promise<Team>;
  getTeam(tenantId: TenantId, id: TeamId): Promise<Team | null>;
  listTeams(tenantId: TenantId): Promise<Team[]>;
  /** Applies the patch; null if the team is not in the tenant. */
  updateTeam(tenantId: TenantId, id: TeamId, patch: TeamPatch): Promise<Team | null>;
  /** Idempotent: adding a member twice keeps one membership. False if team or agent is not in the tenant. */
  addTeamMember(tenantId: TenantId, teamId: TeamId, agentId: AgentId): Promise<boolean>;
  /** Idempotent. False if the agent was not a member. */
  removeTeamMember(tenantId: TenantId, teamId: TeamId, agentId: AgentId): Promise<boolean>;
  listTeamMembers(tenantId: TenantId, teamId: TeamId): Promise<AgentId[]>;
  listTeamsOfAgent(tenantId: TenantId, agentId: AgentId): Promise<TeamId[]>;
}
