// Search over REST: messages, contacts and labelled conversations of the tenant.
import type { FastifyInstance } from 'fastify';
import type { CommandContext } from '../../commands/context.js';
import { search, SEARCH_LIMIT_MAX, SEARCH_QUERY_MAX_CHARS } from '../../commands/search.js';
import type { RequestAuth } from '../request-auth.js';
import { errors } from '../schemas.js';
import { contactSchema, contactView } from './contact-routes.js';

const hitSchema = { type: 'object', properties: { conversationId: { type: 'string' }, seq: { type: ['integer', 'null'] }, snippet: { type: 'string' } } } as const;

export function searchRoutes(app: FastifyInstance, ctx: CommandContext, auth: RequestAuth): void {
  app.get<{ Querystring: { q: string; limit?: number } }>(
    '/api/v1/search',
    {
      schema: {
        summary: 'Search messages (a word inside a sentence, Chinese too), contacts, and conversations by label name; newest first',
        tags: ['search'],
        querystring: {
          type: 'object',
          properties: {
            q: {
              type: 'string',
              minLength: 1,
              maxLength: SEARCH_QUERY_MAX_CHARS,
              description: 'words found as a phrase, ignoring case, width and punctuation; a word longer than 64 characters is matched by its first 64',
            },
            limit: { type: 'integer', minimum: 1, maximum: SEARCH_LIMIT_MAX, default: 20, description: 'most results of each kind' },
          },
          required: ['q'],
        },
        response: {
          200: {
            type: 'object',
            properties: {
              messages: { type: 'array', items: hitSchema },
              contacts: { type: 'array', items: contactSchema },
              labelled: { type: 'array', items: { type: 'string' }, description: 'ids of conversations carrying a label whose name matches' },
            },
          },
          ...errors,
        },
      },
    },
    async (request) => {
      const me = await auth.agent(request);
      const result = await search(ctx.store, me, { query: request.query.q, limit: request.query.limit ?? 20 });
      return {
        messages: result.messages.map((m) => ({ conversationId: m.conversationId, seq: m.seq, snippet: m.snippet })),
        contacts: result.contacts.map(contactView),
        labelled: result.labelled,
      };
    },
  );
}
