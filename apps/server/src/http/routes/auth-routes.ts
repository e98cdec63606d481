// POST /api/v1/auth/login and GET /api/v1/me.
import type { FastifyInstance } from 'fastify';
import { login, type AuthContext } from '../../commands/authenticate.js';
import type { RequestAuth } from '../request-auth.js';
import { agentSchema, errors } from '../schemas.js';

export function authRoutes(app: FastifyInstance, ctx: AuthContext, auth: RequestAuth): void {
  app.post<{ Body: { email: string; password: string } }>(
    '/api/v1/auth/login',
    {
      schema: {
        summary: 'Log in with email and password; answers an access token',
        tags: ['auth', 'public'],
        body: {
          type: 'object',
          properties: { email: { type: 'string', minLength: 3, maxLength: 320 }, password: { type: 'string', minLength: 1, maxLength: 1024 } },
          required: ['email', 'password'],
        },
        response: { 200: { type: 'object', properties: { token: { type: 'string' }, agent: agentSchema } }, ...errors },
      },
    },
    async (request) => {
      const { token, agent } = await login(ctx, request.body.email, request.body.password);
      return { token, agent: { id: agent.id, email: agent.email, name: agent.name, role: agent.role, tenantId: agent.tenantId, createdAt: agent.createdAt } };
    },
  );

  app.get(
    '/api/v1/me',
    { schema: { summary: 'The agent behind the token', tags: ['auth'], response: { 200: { type: 'object', properties: { agent: agentSchema } }, ...errors } } },
    async (request) => {
      const me = await auth.agent(request);
      const agent = await ctx.store.getAgent(me.tenantId, me.agentId);
      return { agent };
    },
  );
}
