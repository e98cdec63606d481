// Conversations over REST: list, get, timeline pages, agent send, claim, resolve, reopen.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { CommandContext } from '../../commands/context.js';
import { loadVisibleConversation } from '../../commands/load-conversation.js';
import { sendMessage, type SendMessageDeps } from '../../commands/send-message.js';
import { claimConversation, reopenConversation, resolveConversation } from '../../commands/transition-conversation.js';
import { AppError } from '../../domain/app-error.js';
import { asAgentId, asContactId, asInboxId } from '../../domain/ids.js';
import type { ConversationStatus } from '../../domain/model.js';
import type { ConversationFilter } from '../../ports/conversation-store.js';
import { conversationView, entryJson } from '../../presenters/frames.js';
import type { RequestAuth } from '../request-auth.js';
import { conversationSchema, entrySchema, errors, idParams } from '../schemas.js';

const STATUSES: ConversationStatus[] = ['bot', 'queued', 'open', 'resolved'];

interface ListQuery {
  status?: string;
  assignee?: string;
  inbox?: string;
  contact?: string;
  limit?: number;
  before?: string;
}

export function conversationRoutes(app: FastifyInstance, ctx: CommandContext & Required<Pick<SendMessageDeps, 'urls'>>, auth: RequestAuth): void {
  app.get<{ Querystring: ListQuery }>(
    '/api/v1/conversations',
    {
      schema: {
        summary: 'List conversations, newest activity first',
        tags: ['conversations'],
        querystring: {
          type: 'object',
          properties: {
            status: { type: 'string', description: 'comma-separated: bot,queued,open,resolved' },
            assignee: { type: 'string', description: '"me", "none", or an agent id' },
            inbox: { type: 'string' },
            contact: { type: 'string' },
            limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
            before: { type: 'string', description: 'the `next` cursor of the previous page' },
          },
        },
        response: {
          200: { type: 'object', properties: { conversations: { type: 'array', items: conversationSchema }, next: { type: ['string', 'null'] } } },
          ...errors,
        },
      },
    },
    async (request) => {
      const agent = await auth.agent(request);
      const q = request.query;
      const filter: ConversationFilter = { limit: q.limit ?? 50 };
      if (q.status) {
        const statuses = q.status.split(',').map((s) => s.trim());
        const bad = statuses.filter((s) => !STATUSES.includes(s as ConversationStatus));
        if (bad.length > 0) throw new AppError('invalid', `unknown status ${bad.join(', ')}; expected ${STATUSES.join(', ')}`);
        filter.status = statuses as ConversationStatus[];
      }
      if (q.assignee === 'me') filter.assigneeId = agent.agentId;
      else if (q.assignee === 'none') filter.assigneeId = null;
      else if (q.assignee) filter.assigneeId = asAgentId(q.assignee);
      if (q.inbox) filter.inboxId = asInboxId(q.inbox);
      if (q.contact) filter.contactId = asContactId(q.contact);
      if (q.before) filter.before = decodeCursor(q.before);
      const page = await ctx.store.listConversations(agent.tenantId, filter);
      const last = page[page.length - 1];
      return {
        conversations: page.map(conversationView),
        next: last && page.length === filter.limit ? encodeCursor(last.updatedAt, last.id) : null,
      };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/v1/conversations/:id',
    { schema: { summary: 'One conversation', tags: ['conversations'], params: idParams, response: { 200: conversationSchema, ...errors } } },
    async (request) => {
      const agent = await auth.agent(request);
      return conversationView(await loadVisibleConversation(ctx.store, agent, request.params.id));
    },
  );

  app.get<{ Params: { id: string }; Querystring: { after?: number; limit?: number } }>(
    '/api/v1/conversations/:id/messages',
    {
      schema: {
        summary: 'A page of the timeline: entries with seq > after, ascending',
        tags: ['conversations'],
        params: idParams,
        querystring: {
          type: 'object',
          properties: { after: { type: 'integer', minimum: 0, default: 0 }, limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } },
        },
        response: { 200: { type: 'object', properties: { messages: { type: 'array', items: entrySchema }, more: { type: 'boolean' } } }, ...errors },
      },
    },
    async (request) => {
      const agent = await auth.agent(request);
      const conversation = await loadVisibleConversation(ctx.store, agent, request.params.id);
      const { after = 0, limit = 100 } = request.query;
      const entries = await ctx.store.readTimeline(agent.tenantId, conversation.id, after, limit);
      const lastSeq = entries[entries.length - 1]?.seq ?? after;
      return { messages: entries.map(entryJson), more: lastSeq < conversation.lastSeq };
    },
  );

  app.post<{ Params: { id: string }; Body: { text?: string; kind?: 'text' | 'note'; attachments?: string[] }; Headers: { 'idempotency-key'?: string } }>(
    '/api/v1/conversations/:id/messages',
    {
      schema: {
        summary: 'Send as the agent; answered once durably stored. Repeats with the same Idempotency-Key store nothing new',
        tags: ['conversations'],
        params: idParams,
        headers: { type: 'object', properties: { 'idempotency-key': { type: 'string', minLength: 1, maxLength: 64 } } },
        body: {
          type: 'object',
          additionalProperties: false,
          properties: {
            text: { type: 'string', maxLength: 32_768 },
            kind: { type: 'string', enum: ['text', 'note'] },
            attachments: { type: 'array', minItems: 1, maxItems: 20, items: { type: 'string', minLength: 1, maxLength: 64 }, description: 'ids from POST /api/v1/uploads' },
          },
          // Text, or files (with or without text).
          anyOf: [{ required: ['text'], properties: { text: { type: 'string', minLength: 1 } } }, { required: ['attachments'] }],
        },
        response: { 200: entrySchema, 201: entrySchema, ...errors },
      },
    },
    async (request, reply) => {
      const agent = await auth.agent(request);
      const result = await sendMessage(ctx, agent, {
        clientMsgId: request.headers['idempotency-key'] ?? `rest:${randomUUID()}`,
        conversationId: request.params.id,
        text: request.body.text ?? '',
        kind: request.body.kind ?? 'text',
        ...(request.body.attachments ? { attachments: request.body.attachments } : {}),
      });
      if (!result.created) reply.header('Idempotent-Replayed', 'true');
      return reply.code(result.created ? 201 : 200).send(entryJson(result.entry));
    },
  );

  app.post<{ Params: { id: string } }>(
    '/api/v1/conversations/:id/claim',
    {
      schema: {
        summary: 'Take an unassigned conversation; of concurrent claims exactly one wins, the others get 409',
        tags: ['conversations'],
        params: idParams,
        response: { 200: conversationSchema, 409: errors[400], ...errors },
      },
    },
    async (request, reply) => {
      const agent = await auth.agent(request);
      const result = await claimConversation(ctx, agent, request.params.id);
      if (result.kind === 'taken') {
        return reply.code(409).send({ error: { code: 'conflict', message: `already assigned to ${result.conversation.assigneeId ?? 'nobody (resolved)'}` } });
      }
      return conversationView(result.conversation);
    },
  );

  for (const [action, run] of [
    ['resolve', resolveConversation],
    ['reopen', reopenConversation],
  ] as const) {
    app.post<{ Params: { id: string } }>(
      `/api/v1/conversations/:id/${action}`,
      { schema: { summary: `${action[0]!.toUpperCase()}${action.slice(1)} the conversation`, tags: ['conversations'], params: idParams, response: { 200: conversationSchema, 409: errors[400], ...errors } } },
      async (request) => conversationView(await run(ctx, await auth.agent(request), request.params.id)),
    );
  }
}

function encodeCursor(updatedAt: string, id: string): string {
  return Buffer.from(JSON.stringify([updatedAt, id])).toString('base64url');
}

function decodeCursor(cursor: string): { updatedAt: string; id: string } {
  try {
    const [updatedAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    if (typeof updatedAt === 'string' && typeof id === 'string') return { updatedAt, id };
  } catch {
    // fall through to the error below
  }
  throw new AppError('invalid', 'malformed `before` cursor; pass the `next` value of the previous page');
}
