// Turns a request's bearer token into an agent principal, or fails with `unauthorized`.
import type { FastifyRequest } from 'fastify';
import type { TokenSigner } from '../auth/tokens.js';
import { authenticateAgent } from '../commands/authenticate.js';
import { requireAdmin } from '../commands/manage-tenant.js';
import { AppError } from '../domain/app-error.js';
import type { AgentPrincipal } from '../domain/principal.js';
import type { Clock } from '../ports/clock.js';
import type { Presence } from '../ports/presence.js';
import type { Store } from '../ports/store.js';

export interface RequestAuth {
  agent(request: FastifyRequest): Promise<AgentPrincipal>;
  admin(request: FastifyRequest): Promise<AgentPrincipal>;
}

export function requestAuth(ctx: { store: Store; clock: Clock; signer: TokenSigner; presence: Presence }): RequestAuth {
  const agent = async (request: FastifyRequest) => {
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) throw new AppError('unauthorized', 'send the access token as "Authorization: Bearer <token>"');
    const principal = await authenticateAgent(ctx, match[1]);
    // A request is activity too: an agent working through the API is not idle.
    ctx.presence.agentActive(principal.tenantId, principal.agentId, ctx.clock.now());
    return principal;
  };
  return {
    agent,
    admin: async (request) => {
      const principal = await agent(request);
      requireAdmin(principal);
      return principal;
    },
  };
}
