// Labels over REST: the tenant's labels (admins change them), a conversation's labels, and the
// conversations carrying a label.
import type { FastifyInstance } from 'fastify';
import type { CommandContext } from '../../commands/context.js';
import { conversationsWithLabel, createLabel, deleteLabel, setConversationLabels, updateLabel } from '../../commands/labels.js';
import type { Label } from '../../domain/model.js';
import { conversationView } from '../../presenters/frames.js';
import type { RequestAuth } from '../request-auth.js';
import { conversationSchema, errors, idParams } from '../schemas.js';

const name = { type: 'string', minLength: 1, maxLength: 64 } as const;
const color = { type: 'string', pattern: '^#[0-9a-fA-F]{6}$', description: '#rrggbb' } as const;
const description = { type: 'string', maxLength: 500 } as const;
const nameParams = { type: 'object', properties: { name }, required: ['name'] } as const;
const labelSchema = { type: 'object', additionalProperties: true, properties: { name: { type: 'string' }, color: { type: 'string' }, description: { type: 'string' } } } as const;
export const labelledConversationSchema = { ...conversationSchema, properties: { ...conversationSchema.properties, labels: { type: 'array', items: { type: 'string' } } } };

const labelView = (l: Label) => ({ name: l.name, color: l.color, description: l.description });

export function labelRoutes(app: FastifyInstance, ctx: CommandContext, auth: RequestAuth): void {
  const tags = ['labels'];

  app.get(
    '/api/v1/labels',
    { schema: { summary: 'Labels of the tenant, by name', tags, response: { 200: { type: 'object', properties: { labels: { type: 'array', items: labelSchema } } }, ...errors } } },
    async (request) => {
      const me = await auth.agent(request);
      return { labels: (await ctx.store.listLabels(me.tenantId)).map(labelView) };
    },
  );

  app.post<{ Body: { name: string; color?: string; description?: string } }>(
    '/api/v1/labels',
    {
      schema: {
        summary: 'Create a label (admin); names are unique in any case, a taken one answers 409',
        tags,
        body: { type: 'object', additionalProperties: false, properties: { name, color, description }, required: ['name'] },
        response: { 201: labelSchema, 409: errors[400], ...errors },
      },
    },
    async (request, reply) => reply.code(201).send(labelView(await createLabel(ctx.store, await auth.admin(request), request.body))),
  );

  app.patch<{ Params: { name: string }; Body: { color?: string; description?: string } }>(
    '/api/v1/labels/:name',
    {
      schema: {
        summary: 'Change a label’s color or description (admin)',
        tags,
        params: nameParams,
        body: { type: 'object', additionalProperties: false, properties: { color, description } },
        response: { 200: labelSchema, ...errors },
      },
    },
    async (request) => labelView(await updateLabel(ctx.store, await auth.admin(request), request.params.name, request.body)),
  );

  app.delete<{ Params: { name: string } }>(
    '/api/v1/labels/:name',
    { schema: { summary: 'Delete a label and take it off every conversation (admin)', tags, params: nameParams, response: { 204: { type: 'null' }, ...errors } } },
    async (request, reply) => {
      await deleteLabel(ctx.store, await auth.admin(request), request.params.name);
      return reply.code(204).send();
    },
  );

  app.get<{ Params: { name: string }; Querystring: { limit?: number } }>(
    '/api/v1/labels/:name/conversations',
    {
      schema: {
        summary: 'Conversations carrying a label, newest activity first',
        tags,
        params: nameParams,
        querystring: { type: 'object', properties: { limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 } } },
        response: { 200: { type: 'object', properties: { conversations: { type: 'array', items: labelledConversationSchema } } }, ...errors },
      },
    },
    async (request) => {
      const me = await auth.agent(request);
      const conversations = await conversationsWithLabel(ctx.store, me, request.params.name, request.query.limit ?? 50);
      return { conversations: conversations.map(conversationView) };
    },
  );

  app.put<{ Params: { id: string }; Body: { labels: string[] } }>(
    '/api/v1/conversations/:id/labels',
    {
      schema: {
        summary: 'Replace a conversation’s labels (any agent); the change is a labels_changed event with what was added and removed',
        tags: ['conversations', ...tags],
        params: idParams,
        body: {
          type: 'object',
          additionalProperties: false,
          properties: { labels: { type: 'array', items: name, maxItems: 50 } },
          required: ['labels'],
        },
        response: { 200: labelledConversationSchema, ...errors },
      },
    },
    async (request) => conversationView(await setConversationLabels(ctx, await auth.agent(request), request.params.id, request.body.labels)),
  );
}
