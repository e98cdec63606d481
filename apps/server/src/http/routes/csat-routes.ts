// Satisfaction ratings over REST: the widget submits with the visitor token; agents read the report.
import type { FastifyInstance } from 'fastify';
import type { TokenSigner } from '../../auth/tokens.js';
import type { CommandContext } from '../../commands/context.js';
import { CSAT_COMMENT_MAX_CHARS, csatReport, submitCsat, type CsatInput } from '../../commands/csat.js';
import type { Csat } from '../../domain/model.js';
import type { RequestAuth } from '../request-auth.js';
import { errors } from '../schemas.js';

const csatSchema = {
  type: 'object',
  additionalProperties: true,
  properties: {
    conversationId: { type: 'string' },
    contactId: { type: 'string' },
    agentId: { type: ['string', 'null'] },
    rating: { type: 'integer' },
    comment: { type: 'string' },
    createdAt: { type: 'string' },
  },
} as const;
const byRating = { type: 'object', properties: Object.fromEntries([1, 2, 3, 4, 5].map((n) => [String(n), { type: 'integer' }])) };

const csatView = (c: Csat) => ({ conversationId: c.conversationId, contactId: c.contactId, agentId: c.agentId, rating: c.rating, comment: c.comment, createdAt: c.createdAt });

export function csatRoutes(app: FastifyInstance, ctx: CommandContext & { signer: TokenSigner }, auth: RequestAuth): void {
  app.post<{ Body: CsatInput }>(
    '/api/v1/widget/csat',
    {
      schema: {
        summary: 'Rate a resolved conversation 1 to 5, as its visitor (visitor token from the widget’s welcome); a second rating replaces the first',
        tags: ['public', 'csat'],
        body: {
          type: 'object',
          additionalProperties: false,
          properties: {
            widgetKey: { type: 'string', minLength: 1, maxLength: 200 },
            visitorToken: { type: 'string', minLength: 1, maxLength: 4096 },
            conversationId: { type: 'string', minLength: 1, maxLength: 64 },
            rating: { type: 'integer', minimum: 1, maximum: 5 },
            comment: { type: 'string', maxLength: CSAT_COMMENT_MAX_CHARS },
          },
          required: ['widgetKey', 'visitorToken', 'conversationId', 'rating'],
        },
        response: { 201: csatSchema, 409: errors[400], ...errors },
      },
    },
    async (request, reply) => reply.code(201).send(csatView(await submitCsat(ctx, request.body))),
  );

  app.get<{ Querystring: { from?: string; to?: string; agentId?: string; limit?: number } }>(
    '/api/v1/reports/csat',
    {
      schema: {
        summary: 'Satisfaction ratings in [from, to) (default: the last 24 hours): count, average, count by rating, and the latest ratings',
        tags: ['csat', 'reports'],
        querystring: {
          type: 'object',
          properties: {
            from: { type: 'string', description: 'ISO 8601 date or instant; default: 24 hours before `to`' },
            to: { type: 'string', description: 'ISO 8601 date or instant; default: now' },
            agentId: { type: 'string', maxLength: 64, description: 'only ratings of conversations this agent held' },
            limit: { type: 'integer', minimum: 1, maximum: 100, default: 20, description: 'how many latest ratings' },
          },
        },
        response: {
          200: {
            type: 'object',
            properties: {
              from: { type: 'string' },
              to: { type: 'string' },
              summary: { type: 'object', properties: { count: { type: 'integer' }, average: { type: ['number', 'null'] }, byRating } },
              latest: { type: 'array', items: csatSchema },
            },
          },
          ...errors,
        },
      },
    },
    async (request) => {
      const report = await csatReport(ctx, await auth.agent(request), { ...request.query, limit: request.query.limit ?? 20 });
      return { ...report, latest: report.latest.map(csatView) };
    },
  );
}
