// Admin API: inboxes and agents of the tenant.
import type { FastifyInstance } from 'fastify';
import { createAgent, createInbox } from '../../commands/manage-tenant.js';
import type { AgentRole } from '../../domain/model.js';
import type { Store } from '../../ports/store.js';
import type { RequestAuth } from '../request-auth.js';
import { agentSchema, errors, inboxSchema } from '../schemas.js';

export function adminRoutes(app: FastifyInstance, store: Store, auth: RequestAuth): void {
  app.get(
    '/api/v1/inboxes',
    { schema: { summary: 'List inboxes with their widget keys (admin)', tags: ['admin'], response: { 200: { type: 'object', properties: { inboxes: { type: 'array', items: inboxSchema } } }, ...errors } } },
    async (request) => {
      const admin = await auth.admin(request);
      return { inboxes: await store.listInboxes(admin.tenantId) };
    },
  );

  app.post<{ Body: { name: string; requireIdentity?: boolean; settings?: Record<string, unknown> } }>(
    '/api/v1/inboxes',
    {
      schema: {
        summary: 'Create an inbox (admin)',
        tags: ['admin'],
        body: {
          type: 'object',
          additionalProperties: false,
          properties: {
            name: { type: 'string', minLength: 1, maxLength: 200 },
            requireIdentity: { type: 'boolean' },
            settings: { type: 'object', additionalProperties: true },
          },
          required: ['name'],
        },
        response: { 201: inboxSchema, ...errors },
      },
    },
    async (request, reply) => {
      const admin = await auth.admin(request);
      const inbox = await createInbox(store, admin, request.body);
      return reply.code(201).send(inbox);
    },
  );

  app.get(
    '/api/v1/agents',
    { schema: { summary: 'List agents of the tenant', tags: ['admin'], response: { 200: { type: 'object', properties: { agents: { type: 'array', items: agentSchema } } }, ...errors } } },
    async (request) => {
      const me = await auth.agent(request);
      return { agents: await store.listAgents(me.tenantId) };
    },
  );

  app.post<{ Body: { email: string; name: string; role?: AgentRole; password: string } }>(
    '/api/v1/agents',
    {
      schema: {
        summary: 'Create an agent or admin (admin)',
        tags: ['admin'],
        body: {
          type: 'object',
          additionalProperties: false,
          properties: {
            email: { type: 'string', pattern: '^[^@\\s]+@[^@\\s]+$', maxLength: 320 },
            name: { type: 'string', minLength: 1, maxLength: 200 },
            role: { type: 'string', enum: ['admin', 'agent'] },
            password: { type: 'string', minLength: 8, maxLength: 1024 },
          },
          required: ['email', 'name', 'password'],
        },
        response: { 201: agentSchema, 409: errors[400], ...errors },
      },
    },
    async (request, reply) => {
      const admin = await auth.admin(request);
      const agent = await createAgent(store, admin, { ...request.body, role: request.body.role ?? 'agent' });
      return reply.code(201).send(agent);
    },
  );
}
