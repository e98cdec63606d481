// Reports over REST: the admins' live overview (conversations, queue, agents, response and
// resolution times, satisfaction). The satisfaction report itself is in csat-routes.
import type { FastifyInstance } from 'fastify';
import type { CommandContext } from '../../commands/context.js';
import { FirstResponseCache, OVERVIEW_MAX_HOURS, overviewReport } from '../../commands/overview-report.js';
import type { Presence } from '../../ports/presence.js';
import type { RequestAuth } from '../request-auth.js';
import { errors } from '../schemas.js';

const count = { type: 'integer' } as const;
const msOrNull = { type: ['integer', 'null'] } as const;
const duration = { type: 'object', properties: { count, averageMs: msOrNull, medianMs: msOrNull } } as const;
const byRating = { type: 'object', properties: Object.fromEntries([1, 2, 3, 4, 5].map((n) => [String(n), count])) };

const overviewSchema = {
  type: 'object',
  properties: {
    from: { type: 'string' },
    to: { type: 'string' },
    hours: count,
    active: { type: 'object', properties: { bot: count, queued: count, open: count } },
    queue: { type: 'object', properties: { length: count, longestWaitMs: msOrNull } },
    agents: { type: 'object', properties: { online: count, away: count, offline: count, total: count } },
    created: count,
    firstResponse: duration,
    resolution: duration,
    csat: { type: 'object', properties: { count, average: { type: ['number', 'null'] }, byRating } },
    series: {
      type: 'array',
      items: {
        type: 'object',
        properties: { from: { type: 'string' }, created: count, resolved: count, firstResponseAvgMs: msOrNull, csatAvg: { type: ['number', 'null'] } },
      },
    },
    truncated: { type: 'boolean' },
  },
} as const;

export function reportRoutes(app: FastifyInstance, ctx: CommandContext & { presence: Presence }, auth: RequestAuth): void {
  // Conversation ids are unique across tenants and the cache holds only durations: one cache serves all.
  const firstResponses = new FirstResponseCache();
  app.get<{ Querystring: { hours?: number } }>(
    '/api/v1/reports/overview',
    {
      schema: {
        summary:
          'The live overview (admin): conversations by status, the queue and its longest wait, agents by availability, and over the last ' +
          '`hours` first-response time (visitor’s first message to a person’s first reply), resolution time, satisfaction, hour by hour',
        tags: ['reports'],
        querystring: { type: 'object', properties: { hours: { type: 'integer', minimum: 1, maximum: OVERVIEW_MAX_HOURS, default: 24 } } },
        response: { 200: overviewSchema, ...errors },
      },
    },
    async (request) => overviewReport(ctx, await auth.admin(request), request.query.hours ?? 24, firstResponses),
  );
}
