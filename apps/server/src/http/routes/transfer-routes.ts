// Transfers over REST: offer to an agent, accept, decline; move to a team's queue; or assign at once.
import type { FastifyInstance } from 'fastify';
import type { CommandContext } from '../../commands/context.js';
import { acceptTransfer, assignConversation, declineTransfer, transferConversation } from '../../commands/transfer-conversation.js';
import { conversationView } from '../../presenters/frames.js';
import type { RequestAuth } from '../request-auth.js';
import { conversationSchema, errors, idParams } from '../schemas.js';

export function transferRoutes(app: FastifyInstance, ctx: CommandContext, auth: RequestAuth): void {
  app.post<{ Params: { id: string }; Body: { agentId?: string; teamId?: string; note?: string } }>(
    '/api/v1/conversations/:id/transfer',
    {
      schema: {
        summary: 'Offer the conversation to an agent (who accepts or declines), or move it to a team queue; an optional private note goes with it',
        tags: ['conversations'],
        params: idParams,
        body: {
          type: 'object',
          additionalProperties: false,
          properties: { agentId: { type: 'string', maxLength: 64 }, teamId: { type: 'string', maxLength: 64 }, note: { type: 'string', maxLength: 4000 } },
        },
        response: { 200: conversationSchema, 409: errors[400], ...errors },
      },
    },
    async (request) => conversationView(await transferConversation(ctx, await auth.agent(request), request.params.id, request.body)),
  );
  app.post<{ Params: { id: string }; Body: { agentId: string } }>(
    '/api/v1/conversations/:id/assign',
    {
      schema: {
        summary: 'Give the conversation to an agent at once (no offer to accept; capacity does not apply): an admin, any conversation; an agent, an unassigned one or their own',
        tags: ['conversations'],
        params: idParams,
        body: { type: 'object', additionalProperties: false, required: ['agentId'], properties: { agentId: { type: 'string', minLength: 1, maxLength: 64 } } },
        response: { 200: conversationSchema, 409: errors[400], ...errors },
      },
    },
    async (request) => conversationView(await assignConversation(ctx, await auth.agent(request), request.params.id, request.body.agentId)),
  );
  for (const [action, run] of [
    ['accept', acceptTransfer],
    ['decline', declineTransfer],
  ] as const) {
    app.post<{ Params: { id: string } }>(
      `/api/v1/conversations/:id/transfer/${action}`,
      {
        schema: {
          summary: action === 'accept' ? 'Take a conversation offered to you' : 'Refuse a conversation offered to you; it goes back to routing',
          tags: ['conversations'],
          params: idParams,
          response: { 200: conversationSchema, 409: errors[400], ...errors },
        },
      },
      async (request) => conversationView(await run(ctx, await auth.agent(request), request.params.id)),
    );
  }
}
