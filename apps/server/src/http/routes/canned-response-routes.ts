// Canned responses over REST: tenant-wide (admins) and personal (any agent), and their expansion.
import type { FastifyInstance } from 'fastify';
import {
  createCannedResponse,
  deleteCannedResponse,
  expandCannedResponse,
  listCannedResponses,
  updateCannedResponse,
} from '../../commands/canned-responses.js';
import type { CommandContext } from '../../commands/context.js';
import { AppError } from '../../domain/app-error.js';
import type { CannedResponse } from '../../domain/model.js';
import type { RequestAuth } from '../request-auth.js';
import { errors, idParams } from '../schemas.js';

const shortcut = { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$', description: 'typed after "/" in the composer' } as const;
const text = { type: 'string', minLength: 1, maxLength: 32_768 } as const;
const scope = { type: 'string', enum: ['tenant', 'personal'], description: 'tenant: shared by everyone (admins create); personal: yours' } as const;

const cannedSchema = {
  type: 'object',
  additionalProperties: true,
  properties: { id: { type: 'string' }, shortcut: { type: 'string' }, text: { type: 'string' }, scope, ownerId: { type: ['string', 'null'] }, createdAt: { type: 'string' } },
} as const;

export function cannedView(r: CannedResponse) {
  return { id: r.id, shortcut: r.shortcut, text: r.text, scope: r.ownerId === null ? 'tenant' : 'personal', ownerId: r.ownerId, createdAt: r.createdAt };
}

export function cannedResponseRoutes(app: FastifyInstance, ctx: CommandContext, auth: RequestAuth): void {
  const tags = ['canned responses'];

  app.get<{ Querystring: { q?: string } }>(
    '/api/v1/canned-responses',
    {
      schema: {
        summary: 'Tenant-wide canned responses and your own, by shortcut; q keeps those whose shortcut starts with it',
        tags,
        querystring: { type: 'object', properties: { q: { type: 'string', maxLength: 65, description: 'shortcut prefix, with or without "/"' } } },
        response: { 200: { type: 'object', properties: { cannedResponses: { type: 'array', items: cannedSchema } } }, ...errors },
      },
    },
    async (request) => {
      const me = await auth.agent(request);
      return { cannedResponses: (await listCannedResponses(ctx.store, me, request.query.q)).map(cannedView) };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/v1/canned-responses/:id',
    { schema: { summary: 'One canned response (tenant-wide or your own)', tags, params: idParams, response: { 200: cannedSchema, ...errors } } },
    async (request) => {
      const me = await auth.agent(request);
      const found = (await listCannedResponses(ctx.store, me)).find((r) => r.id === request.params.id);
      if (!found) throw new AppError('not_found', `canned response ${request.params.id} not found`);
      return cannedView(found);
    },
  );

  app.post<{ Body: { shortcut: string; text: string; scope?: 'tenant' | 'personal' } }>(
    '/api/v1/canned-responses',
    {
      schema: {
        summary: 'Create a canned response: personal (any agent, the default) or tenant-wide (admin); a taken shortcut answers 409',
        tags,
        body: { type: 'object', additionalProperties: false, properties: { shortcut, text, scope }, required: ['shortcut', 'text'] },
        response: { 201: cannedSchema, 409: errors[400], ...errors },
      },
    },
    async (request, reply) => {
      const me = await auth.agent(request);
      const { shortcut, text, scope = 'personal' } = request.body;
      const created = await createCannedResponse(ctx.store, me, { shortcut, text, shared: scope === 'tenant' });
      return reply.code(201).send(cannedView(created));
    },
  );

  app.patch<{ Params: { id: string }; Body: { shortcut?: string; text?: string } }>(
    '/api/v1/canned-responses/:id',
    {
      schema: {
        summary: 'Change a canned response: your own, or a tenant-wide one (admin)',
        tags,
        params: idParams,
        body: { type: 'object', additionalProperties: false, properties: { shortcut, text } },
        response: { 200: cannedSchema, 409: errors[400], ...errors },
      },
    },
    async (request) => cannedView(await updateCannedResponse(ctx.store, await auth.agent(request), request.params.id, request.body)),
  );

  app.delete<{ Params: { id: string } }>(
    '/api/v1/canned-responses/:id',
    { schema: { summary: 'Delete a canned response: your own, or a tenant-wide one (admin)', tags, params: idParams, response: { 204: { type: 'null' }, ...errors } } },
    async (request, reply) => {
      await deleteCannedResponse(ctx.store, await auth.agent(request), request.params.id);
      return reply.code(204).send();
    },
  );

  app.post<{ Body: { conversationId: string; text: string } }>(
    '/api/v1/canned-responses/expand',
    {
      schema: {
        summary: 'Expand a reply for a conversation: a leading /shortcut becomes its response, then {{contact.name}}-style variables are filled',
        tags,
        body: {
          type: 'object',
          additionalProperties: false,
          properties: { conversationId: { type: 'string', minLength: 1, maxLength: 64 }, text: { type: 'string', maxLength: 32_768 } },
          required: ['conversationId', 'text'],
        },
        response: {
          200: { type: 'object', properties: { text: { type: 'string' }, cannedResponse: { anyOf: [cannedSchema, { type: 'null' }] } } },
          ...errors,
        },
      },
    },
    async (request) => {
      const expansion = await expandCannedResponse(ctx.store, await auth.agent(request), request.body);
      return { text: expansion.text, cannedResponse: expansion.response ? cannedView(expansion.response) : null };
    },
  );
}
