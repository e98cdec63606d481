// Blocked IP addresses over REST: admins add and remove them, agents read the list.
import type { FastifyInstance } from 'fastify';
import { blockIp, listBlockedIps, unblockIp } from '../../commands/blocked-ips.js';
import type { CommandContext } from '../../commands/context.js';
import type { RequestAuth } from '../request-auth.js';
import { errors } from '../schemas.js';

const blockedSchema = { type: 'object', additionalProperties: true, properties: { ip: { type: 'string' }, reason: { type: 'string' }, createdAt: { type: 'string' } } } as const;
const ip = { type: 'string', minLength: 2, maxLength: 64, description: 'IPv4 or IPv6 address' } as const;

export function blockedIpRoutes(app: FastifyInstance, ctx: CommandContext, auth: RequestAuth): void {
  const tags = ['contacts'];

  app.get(
    '/api/v1/blocked-ips',
    { schema: { summary: 'Blocked IP addresses of the tenant', tags, response: { 200: { type: 'object', properties: { blockedIps: { type: 'array', items: blockedSchema } } }, ...errors } } },
    async (request) => ({ blockedIps: await listBlockedIps(ctx.store, await auth.agent(request)) }),
  );

  app.post<{ Body: { ip: string; reason?: string } }>(
    '/api/v1/blocked-ips',
    {
      schema: {
        summary: 'Block an IP address (admin); idempotent',
        tags,
        body: { type: 'object', additionalProperties: false, properties: { ip, reason: { type: 'string', maxLength: 500 } }, required: ['ip'] },
        response: { 201: blockedSchema, ...errors },
      },
    },
    async (request, reply) => reply.code(201).send(await blockIp(ctx.store, await auth.admin(request), request.body)),
  );

  app.delete<{ Params: { ip: string } }>(
    '/api/v1/blocked-ips/:ip',
    {
      schema: {
        summary: 'Unblock an IP address (admin)',
        tags,
        params: { type: 'object', properties: { ip }, required: ['ip'] },
        response: { 204: { type: 'null' }, ...errors },
      },
    },
    async (request, reply) => {
      await unblockIp(ctx.store, await auth.admin(request), request.params.ip);
      return reply.code(204).send();
    },
  );
}
