// What the visitor widget asks over HTTP: the inbox's look and whether anyone is there, and the
// leave-a-message form. Authenticated by the public widget key (and the visitor token, if any).
import type { FastifyInstance } from 'fastify';
import { availabilityOf } from '../../domain/availability.js';
import { isOpen } from '../../domain/business-hours.js';
import { AppError } from '../../domain/app-error.js';
import { leaveMessage, type LeaveMessageDeps } from '../../commands/leave-message.js';
import { recordVisit } from '../../commands/record-visit.js';
import { updateVisitorProfile } from '../../commands/visitor-profile.js';
import type { Presence } from '../../ports/presence.js';
import { errors } from '../schemas.js';
import { visitSchema } from './contact-routes.js';

/** Body fields with which the widget names its inbox and its visitor. */
const VISITOR_CREDENTIALS = {
  widgetKey: { type: 'string', minLength: 1, maxLength: 128 },
  visitorToken: { type: 'string', minLength: 1, maxLength: 512 },
} as const;

export function widgetRoutes(app: FastifyInstance, deps: LeaveMessageDeps & { presence: Presence; uploadMaxBytes: number }): void {
  app.get<{ Querystring: { key: string } }>(
    '/api/v1/widget/config',
    {
      schema: {
        summary: 'Widget settings of an inbox, whether its team is within business hours, whether an agent is available, and whether a bot answers',
        tags: ['widget', 'public'],
        querystring: { type: 'object', properties: { key: { type: 'string', minLength: 1, maxLength: 128 } }, required: ['key'] },
        response: {
          200: {
            type: 'object',
            properties: {
              inbox: { type: 'object', additionalProperties: true, properties: { name: { type: 'string' }, settings: { type: 'object', additionalProperties: true } } },
              open: { type: 'boolean' },
              agentsAvailable: { type: 'boolean' },
              botAvailable: { type: 'boolean' },
              limits: { type: 'object', properties: { uploadMaxBytes: { type: 'integer' } } },
            },
          },
          ...errors,
        },
      },
    },
    async (request) => {
      const inbox = await deps.store.findInboxByWidgetKey(request.query.key);
      if (!inbox) throw new AppError('not_found', 'unknown widget key');
      const now = deps.clock.now();
      const team = inbox.defaultTeamId ? await deps.store.getTeam(inbox.tenantId, inbox.defaultTeamId) : null;
      const open = !team?.businessHours || isOpen(team.businessHours, now);
      const [tenant, agents, live, members] = await Promise.all([
        deps.store.getTenant(inbox.tenantId),
        deps.store.listAgents(inbox.tenantId),
        deps.presence.agentsOf(inbox.tenantId),
        team ? deps.store.listTeamMembers(inbox.tenantId, team.id) : Promise.resolve(null),
      ]);
      const liveById = new Map(live.map((p) => [p.agentId, p]));
      const pool = members ? agents.filter((a) => members.includes(a.id)) : agents;
      const agentsAvailable = open && pool.some((a) => availabilityOf(a, liveById.get(a.id), tenant!.settings, now) === 'online');
      // A bot answers at any hour: the widget then offers the chat, not the leave-a-message form.
      const botAvailable = deps.bot ? await deps.bot.takesConversations(inbox.tenantId, inbox.id) : false;
      // The identity secret never leaves the admin API.
      return { inbox: { name: inbox.name, settings: inbox.settings }, open, agentsAvailable, botAvailable, limits: { uploadMaxBytes: deps.uploadMaxBytes } };
    },
  );

  app.post<{ Body: { widgetKey: string; visitorToken?: string; id: string; name: string; email: string; text: string } }>(
    '/api/v1/widget/messages',
    {
      schema: {
        summary: 'Leave a message (name, email, text): it becomes a queued conversation and the team is emailed; idempotent on id',
        tags: ['widget', 'public'],
        body: {
          type: 'object',
          additionalProperties: false,
          properties: {
            widgetKey: { type: 'string', minLength: 1, maxLength: 128 },
            visitorToken: { type: 'string', maxLength: 512 },
            id: { type: 'string', minLength: 1, maxLength: 64 },
            name: { type: 'string', minLength: 1, maxLength: 200 },
            email: { type: 'string', minLength: 3, maxLength: 320 },
            text: { type: 'string', minLength: 1, maxLength: 8000 },
          },
          required: ['widgetKey', 'id', 'name', 'email', 'text'],
        },
        response: {
          201: { type: 'object', properties: { conversationId: { type: 'string' }, seq: { type: 'integer' }, visitorToken: { type: 'string' } } },
          ...errors,
        },
      },
    },
    async (request, reply) => {
      const result = await leaveMessage(deps, { ...request.body, ip: request.ip });
      return reply.code(201).send(result);
    },
  );

  app.post<{ Body: { widgetKey: string; visitorToken: string; name?: string; email?: string; attributes?: Record<string, unknown> } }>(
    '/api/v1/widget/contact',
    {
      schema: {
        summary: 'The visitor tells about themselves (pre-chat form, host page setAttributes): name, email, attributes; routing rules read the attributes',
        tags: ['widget', 'public'],
        body: {
          type: 'object',
          additionalProperties: false,
          properties: {
            ...VISITOR_CREDENTIALS,
            name: { type: 'string', maxLength: 200 },
            email: { type: 'string', maxLength: 320 },
            attributes: { type: 'object', additionalProperties: true },
          },
          required: ['widgetKey', 'visitorToken'],
        },
        response: { 200: { type: 'object', properties: { id: { type: 'string' }, name: { type: ['string', 'null'] }, attributes: { type: 'object', additionalProperties: true } } }, ...errors },
      },
    },
    async (request) => {
      const contact = await updateVisitorProfile(deps, request.body);
      return { id: contact.id, name: contact.name, attributes: contact.attributes };
    },
  );

  app.post<{ Body: { widgetKey: string; visitorToken: string; url: string; title?: string | null; referrer?: string | null; language?: string | null } }>(
    '/api/v1/widget/visit',
    {
      schema: {
        summary: 'The page of the customer’s site the visitor is on (URL, title, referrer, language); the device comes from the User-Agent. Replaces the contact’s last visit',
        tags: ['widget', 'public'],
        body: {
          type: 'object',
          additionalProperties: false,
          properties: {
            ...VISITOR_CREDENTIALS,
            // Lengths and schemes are checked by the command, with messages that name the field.
            url: { type: 'string', minLength: 1 },
            title: { type: ['string', 'null'] },
            referrer: { type: ['string', 'null'] },
            language: { type: ['string', 'null'] },
          },
          required: ['widgetKey', 'visitorToken', 'url'],
        },
        response: { 200: { type: 'object', properties: { visit: visitSchema } }, ...errors },
      },
    },
    async (request) => {
      const visit = await recordVisit(deps, { ...request.body, userAgent: request.headers['user-agent'], acceptLanguage: request.headers['accept-language'] });
      return { visit };
    },
  );
}
