// Routing over REST: teams and members, routing settings, agent status and capacity, inbox
// default team, conversation priority, and the queue as agents see it.
import type { FastifyInstance } from 'fastify';
import type { RoutingPolicy } from '../../domain/agent-selection.js';
import { availabilityOf } from '../../domain/availability.js';
import type { BusinessHours } from '../../domain/business-hours.js';
import { asTeamId } from '../../domain/ids.js';
import type { AgentRole, InboxSettings, ManualStatus, Priority, TenantSettings } from '../../domain/model.js';
import { createTeam, setTeamMembership, updateAgent, updateInbox, updateRoutingSettings, updateTeam, type RoutingAdminContext } from '../../commands/manage-routing.js';
import { setPriority } from '../../commands/transition-conversation.js';
import type { CommandContext } from '../../commands/context.js';
import type { Presence } from '../../ports/presence.js';
import { conversationView } from '../../presenters/frames.js';
import type { RequestAuth } from '../request-auth.js';
import { agentSchema, conversationSchema, errors, idParams, inboxSchema } from '../schemas.js';

const open = { type: 'object', additionalProperties: true } as const;
const policy = { type: 'string', enum: ['least_busy', 'round_robin', 'manual'] } as const;
const businessHours = {
  type: ['object', 'null'],
  properties: {
    timeZone: { type: 'string' },
    weekly: {
      type: 'array',
      items: { type: 'object', properties: { day: { type: 'integer' }, open: { type: 'string' }, close: { type: 'string' } }, required: ['day', 'open', 'close'] },
    },
    holidays: { type: 'array', items: { type: 'string' } },
  },
  required: ['timeZone', 'weekly', 'holidays'],
} as const;
const teamSchema = { ...open, properties: { id: { type: 'string' }, name: { type: 'string' }, policy, businessHours: open, members: { type: 'array', items: { type: 'string' } } } };
const msOrNull = { type: ['integer', 'null'] } as const;

export function routingRoutes(app: FastifyInstance, ctx: CommandContext & RoutingAdminContext & { presence: Presence }, auth: RequestAuth): void {
  app.get(
    '/api/v1/teams',
    { schema: { summary: 'List teams with members', tags: ['routing'], response: { 200: { type: 'object', properties: { teams: { type: 'array', items: teamSchema } } }, ...errors } } },
    async (request) => {
      const me = await auth.agent(request);
      const teams = await ctx.store.listTeams(me.tenantId);
      return { teams: await Promise.all(teams.map(async (t) => ({ ...t, members: await ctx.store.listTeamMembers(me.tenantId, t.id) }))) };
    },
  );

  app.post<{ Body: { name: string; policy?: RoutingPolicy; businessHours?: BusinessHours | null; memberIds?: string[] } }>(
    '/api/v1/teams',
    {
      schema: {
        summary: 'Create a team (admin)',
        tags: ['routing'],
        body: {
          type: 'object',
          additionalProperties: false,
          properties: { name: { type: 'string', minLength: 1, maxLength: 200 }, policy, businessHours, memberIds: { type: 'array', items: { type: 'string' }, maxItems: 1000 } },
          required: ['name'],
        },
        response: { 201: teamSchema, ...errors },
      },
    },
    async (request, reply) => {
      const team = await createTeam(ctx, await auth.admin(request), request.body);
      return reply.code(201).send({ ...team, members: await ctx.store.listTeamMembers(team.tenantId, team.id) });
    },
  );

  app.patch<{ Params: { id: string }; Body: { name?: string; policy?: RoutingPolicy; businessHours?: BusinessHours | null } }>(
    '/api/v1/teams/:id',
    {
      schema: {
        summary: 'Change a team: name, routing policy, business hours (admin); applies at once',
        tags: ['routing'],
        params: idParams,
        body: { type: 'object', additionalProperties: false, properties: { name: { type: 'string', minLength: 1, maxLength: 200 }, policy, businessHours } },
        response: { 200: teamSchema, ...errors },
      },
    },
    async (request) => {
      const team = await updateTeam(ctx, await auth.admin(request), request.params.id, request.body);
      return { ...team, members: await ctx.store.listTeamMembers(team.tenantId, team.id) };
    },
  );

  const memberParams = { type: 'object', properties: { id: { type: 'string' }, agentId: { type: 'string' } }, required: ['id', 'agentId'] } as const;
  for (const [method, member] of [['PUT', true], ['DELETE', false]] as const) {
    app.route<{ Params: { id: string; agentId: string } }>({
      method,
      url: '/api/v1/teams/:id/members/:agentId',
      schema: { summary: member ? 'Add an agent to a team (admin)' : 'Remove an agent from a team (admin)', tags: ['routing'], params: memberParams, response: { 204: { type: 'null' }, ...errors } },
      handler: async (request, reply) => {
        await setTeamMembership(ctx, await auth.admin(request), request.params.id, request.params.agentId, member);
        return reply.code(204).send();
      },
    });
  }

  app.get(
    '/api/v1/settings/routing',
    { schema: { summary: 'Routing settings of the tenant', tags: ['routing'], response: { 200: open, ...errors } } },
    async (request) => {
      const me = await auth.agent(request);
      return (await ctx.store.getTenant(me.tenantId))?.settings ?? {};
    },
  );

  app.patch<{ Body: Partial<TenantSettings> }>(
    '/api/v1/settings/routing',
    {
      schema: {
        summary: 'Change routing settings (admin); applies at once, no restart',
        tags: ['routing'],
        body: {
          type: 'object',
          additionalProperties: false,
          properties: {
            poolPolicy: policy,
            teamRules: {
              type: 'array',
              maxItems: 100,
              items: {
                type: 'object',
                additionalProperties: false,
                properties: { attribute: { type: 'string', minLength: 1, maxLength: 100 }, equals: { type: 'string', maxLength: 200 }, teamId: { type: 'string', minLength: 1, maxLength: 64 } },
                required: ['attribute', 'equals', 'teamId'],
              },
            },
            defaultCapacity: { type: 'integer' },
            stickyWindowMs: { type: 'integer' },
            idleAwayMs: { type: 'integer' },
            unansweredTimeoutMs: msOrNull,
            unansweredMarksAway: { type: 'boolean' },
            offlineRequeueMs: msOrNull,
            autoResolveMs: msOrNull,
            closingMessage: { type: 'string', maxLength: 2000 },
            offlineMessage: { type: 'string', maxLength: 2000 },
          },
        },
        response: { 200: open, ...errors },
      },
    },
    async (request) => updateRoutingSettings(ctx, await auth.admin(request), request.body),
  );

  app.patch<{ Params: { id: string }; Body: { name?: string; role?: AgentRole; capacity?: number | null; manualStatus?: ManualStatus } }>(
    '/api/v1/agents/:id',
    {
      schema: {
        summary: 'Change an agent (admin), or your own status (any agent); "me" names yourself',
        tags: ['routing'],
        params: idParams,
        body: {
          type: 'object',
          additionalProperties: false,
          properties: {
            name: { type: 'string', minLength: 1, maxLength: 200 },
            role: { type: 'string', enum: ['admin', 'agent'] },
            capacity: { type: ['integer', 'null'], minimum: 0, maximum: 1000 },
            manualStatus: { type: 'string', enum: ['online', 'away', 'offline'] },
          },
        },
        response: { 200: agentSchema, ...errors },
      },
    },
    async (request) => {
      const me = await auth.agent(request);
      return updateAgent(ctx, me, request.params.id === 'me' ? me.agentId : request.params.id, request.body);
    },
  );

  app.get(
    '/api/v1/agents/availability',
    {
      schema: {
        summary: 'Every agent with availability (online, away, offline), open conversations and capacity',
        tags: ['routing'],
        response: { 200: { type: 'object', properties: { agents: { type: 'array', items: open } } }, ...errors },
      },
    },
    async (request) => {
      const me = await auth.agent(request);
      const [tenant, agents, live] = await Promise.all([ctx.store.getTenant(me.tenantId), ctx.store.listAgents(me.tenantId), ctx.presence.agentsOf(me.tenantId)]);
      const liveById = new Map(live.map((p) => [p.agentId, p]));
      const open = await ctx.store.countOpenByAgent(me.tenantId, agents.map((a) => a.id));
      const settings = tenant!.settings;
      return {
        agents: agents.map((a) => ({
          id: a.id,
          name: a.name,
          availability: availabilityOf(a, liveById.get(a.id), settings, ctx.clock.now()),
          manualStatus: a.manualStatus,
          open: open.get(a.id) ?? 0,
          capacity: a.capacity ?? settings.defaultCapacity,
        })),
      };
    },
  );

  app.patch<{ Params: { id: string }; Body: { name?: string; requireIdentity?: boolean; settings?: InboxSettings; defaultTeamId?: string | null } }>(
    '/api/v1/inboxes/:id',
    {
      schema: {
        summary: 'Change an inbox: name, identity rule, widget settings, default team (admin)',
        tags: ['admin'],
        params: idParams,
        body: {
          type: 'object',
          additionalProperties: false,
          properties: {
            name: { type: 'string', minLength: 1, maxLength: 200 },
            requireIdentity: { type: 'boolean' },
            settings: open,
            defaultTeamId: { type: ['string', 'null'] },
          },
        },
        response: { 200: inboxSchema, ...errors },
      },
    },
    async (request) => updateInbox(ctx, await auth.admin(request), request.params.id, request.body),
  );

  app.post<{ Params: { id: string }; Body: { priority: Priority } }>(
    '/api/v1/conversations/:id/priority',
    {
      schema: {
        summary: 'Set the priority (low, normal, high, urgent); it orders the queue before arrival time',
        tags: ['conversations'],
        params: idParams,
        body: { type: 'object', additionalProperties: false, properties: { priority: { type: 'string', enum: ['low', 'normal', 'high', 'urgent'] } }, required: ['priority'] },
        response: { 200: conversationSchema, ...errors },
      },
    },
    async (request) => conversationView(await setPriority(ctx, await auth.agent(request), request.params.id, request.body.priority)),
  );

  app.get<{ Querystring: { team?: string; limit?: number } }>(
    '/api/v1/queue',
    {
      schema: {
        summary: 'Queued conversations in the order they will be served',
        tags: ['routing'],
        querystring: { type: 'object', properties: { team: { type: 'string', description: 'a team id, or "none"' }, limit: { type: 'integer', minimum: 1, maximum: 500, default: 100 } } },
        response: { 200: { type: 'object', properties: { conversations: { type: 'array', items: conversationSchema } } }, ...errors },
      },
    },
    async (request) => {
      const me = await auth.agent(request);
      const { team, limit = 100 } = request.query;
      const teamIds = team === undefined ? undefined : [team === 'none' ? null : asTeamId(team)];
      const queue = await ctx.store.listQueue(me.tenantId, { limit, ...(teamIds ? { teamIds } : {}) });
      return { conversations: queue.map((c, i) => ({ ...conversationView(c), position: i + 1 })) };
    },
  );
}
