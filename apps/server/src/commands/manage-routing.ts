// Use cases of routing administration: teams and members, routing settings, agent status and
// capacity, inbox default team. Each publishes an event so that routing looks again.
import { ROUTING_POLICIES, type RoutingPolicy } from '../domain/agent-selection.js';
import { AppError } from '../domain/app-error.js';
import { validateBusinessHours, type BusinessHours } from '../domain/business-hours.js';
import { asAgentId, asInboxId, asTeamId } from '../domain/ids.js';
import type { Agent, AgentRole, Inbox, InboxSettings, ManualStatus, Team, TenantSettings } from '../domain/model.js';
import type { AgentPrincipal } from '../domain/principal.js';
import type { Bus } from '../ports/bus.js';
import type { Store } from '../ports/store.js';
import { requireAdmin } from './manage-tenant.js';

export interface RoutingAdminContext {
  store: Store;
  bus: Bus;
}

function checkTeamFields(fields: { policy?: RoutingPolicy; businessHours?: BusinessHours | null }): void {
  if (fields.policy !== undefined && !ROUTING_POLICIES.includes(fields.policy)) {
    throw new AppError('invalid', `policy must be one of ${ROUTING_POLICIES.join(', ')}`);
  }
  if (fields.businessHours) {
    const problems = validateBusinessHours(fields.businessHours);
    if (problems.length > 0) throw new AppError('invalid', `businessHours: ${problems.join('; ')}`);
  }
}

export async function createTeam(
  ctx: RoutingAdminContext,
  actor: AgentPrincipal,
  input: { name: string; policy?: RoutingPolicy; businessHours?: BusinessHours | null; memberIds?: string[] },
): Promise<Team> {
  requireAdmin(actor);
  checkTeamFields(input);
  const team = await ctx.store.createTeam(actor.tenantId, {
    name: input.name.trim(),
    policy: input.policy ?? 'least_busy',
    businessHours: input.businessHours ?? null,
  });
  for (const id of input.memberIds ?? []) {
    if (!(await ctx.store.addTeamMember(actor.tenantId, team.id, asAgentId(id)))) throw new AppError('not_found', `agent ${id} not found`);
  }
  ctx.bus.publish({ type: 'routing.changed', tenantId: actor.tenantId });
  return team;
}

export async function updateTeam(
  ctx: RoutingAdminContext,
  actor: AgentPrincipal,
  teamId: string,
  patch: { name?: string; policy?: RoutingPolicy; businessHours?: BusinessHours | null },
): Promise<Team> {
  requireAdmin(actor);
  checkTeamFields(patch);
  const team = await ctx.store.updateTeam(actor.tenantId, asTeamId(teamId), patch);
  if (!team) throw new AppError('not_found', `team ${teamId} not found`);
  ctx.bus.publish({ type: 'routing.changed', tenantId: actor.tenantId });
  return team;
}

export async function setTeamMembership(ctx: RoutingAdminContext, actor: AgentPrincipal, teamId: string, agentId: string, member: boolean): Promise<void> {
  requireAdmin(actor);
  const team = await ctx.store.getTeam(actor.tenantId, asTeamId(teamId));
  if (!team) throw new AppError('not_found', `team ${teamId} not found`);
  if (member) {
    if (!(await ctx.store.addTeamMember(actor.tenantId, team.id, asAgentId(agentId)))) throw new AppError('not_found', `agent ${agentId} not found`);
  } else {
    await ctx.store.removeTeamMember(actor.tenantId, team.id, asAgentId(agentId));
  }
  ctx.bus.publish({ type: 'routing.changed', tenantId: actor.tenantId });
}

const MS_LIMIT = 366 * 24 * 3_600_000;

export async function updateRoutingSettings(ctx: RoutingAdminContext, actor: AgentPrincipal, patch: Partial<TenantSettings>): Promise<TenantSettings> {
  requireAdmin(actor);
  const problems: string[] = [];
  if (patch.poolPolicy !== undefined && !ROUTING_POLICIES.includes(patch.poolPolicy)) problems.push(`poolPolicy must be one of ${ROUTING_POLICIES.join(', ')}`);
  if (patch.defaultCapacity !== undefined && !(Number.isInteger(patch.defaultCapacity) && patch.defaultCapacity >= 0 && patch.defaultCapacity <= 1000)) {
    problems.push('defaultCapacity must be an integer from 0 to 1000');
  }
  for (const key of ['stickyWindowMs', 'idleAwayMs'] as const) {
    const v = patch[key];
    if (v !== undefined && !(Number.isInteger(v) && v >= 0 && v <= MS_LIMIT)) problems.push(`${key} must be milliseconds from 0 to ${MS_LIMIT}`);
  }
  for (const key of ['unansweredTimeoutMs', 'offlineRequeueMs', 'autoResolveMs'] as const) {
    const v = patch[key];
    if (v !== undefined && v !== null && !(Number.isInteger(v) && v >= 1000 && v <= MS_LIMIT)) problems.push(`${key} must be null or milliseconds from 1000 to ${MS_LIMIT}`);
  }
  for (const [i, rule] of (patch.teamRules ?? []).entries()) {
    if (!(await ctx.store.getTeam(actor.tenantId, asTeamId(rule.teamId)))) problems.push(`teamRules[${i}].teamId: team ${rule.teamId} not found`);
  }
  if (problems.length > 0) throw new AppError('invalid', problems.join('; '));
  const tenant = await ctx.store.updateTenantSettings(actor.tenantId, patch);
  if (!tenant) throw new AppError('not_found', 'tenant not found');
  ctx.bus.publish({ type: 'routing.changed', tenantId: actor.tenantId });
  return tenant.settings;
}

/**
 * Admins may change anything of any agent; an agent may change only their own status.
 */
export async function updateAgent(
  ctx: RoutingAdminContext,
  actor: AgentPrincipal,
  agentId: string,
  patch: { name?: string; role?: AgentRole; capacity?: number | null; manualStatus?: ManualStatus },
): Promise<Agent> {
  const self = agentId === actor.agentId;
  const onlyStatus = Object.keys(patch).every((k) => k === 'manualStatus');
  if (actor.agentRole !== 'admin' && !(self && onlyStatus)) throw new AppError('forbidden', 'agents may change only their own status');
  const agent = await ctx.store.updateAgent(actor.tenantId, asAgentId(agentId), patch);
  if (!agent) throw new AppError('not_found', `agent ${agentId} not found`);
  ctx.bus.publish({ type: 'agent.updated', tenantId: actor.tenantId, agent });
  return agent;
}

export async function updateInbox(
  ctx: RoutingAdminContext,
  actor: AgentPrincipal,
  inboxId: string,
  patch: { name?: string; requireIdentity?: boolean; settings?: InboxSettings; defaultTeamId?: string | null },
): Promise<Inbox> {
  requireAdmin(actor);
  const { defaultTeamId, ...rest } = patch;
  if (defaultTeamId && !(await ctx.store.getTeam(actor.tenantId, asTeamId(defaultTeamId)))) throw new AppError('not_found', `team ${defaultTeamId} not found`);
  const inbox = await ctx.store.updateInbox(actor.tenantId, asInboxId(inboxId), {
    ...rest,
    ...(defaultTeamId !== undefined ? { defaultTeamId: defaultTeamId === null ? null : asTeamId(defaultTeamId) } : {}),
  });
  if (!inbox) throw new AppError('not_found', `inbox ${inboxId} not found`);
  return inbox;
}
