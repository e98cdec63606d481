// Use cases: agent login, and turning an access token back into an agent principal.
import { hashPassword, verifyPassword } from '../auth/password.js';
import type { TokenSigner } from '../auth/tokens.js';
import { AppError } from '../domain/app-error.js';
import type { Agent } from '../domain/model.js';
import type { AgentPrincipal } from '../domain/principal.js';
import type { Clock } from '../ports/clock.js';
import type { Store } from '../ports/store.js';

export interface AuthContext {
  store: Store;
  clock: Clock;
  signer: TokenSigner;
  tokenTtlMs: number;
}

// Checked against when the email is unknown, so that a wrong email costs as long as a wrong password.
const decoyHash = hashPassword('decoy password that matches nothing');

export async function login(ctx: AuthContext, email: string, password: string): Promise<{ token: string; agent: Agent }> {
  const credentials = await ctx.store.findCredentialsByEmail(email.trim());
  const ok = await verifyPassword(password, credentials?.passwordHash ?? (await decoyHash));
  if (!credentials || !ok) throw new AppError('unauthorized', 'wrong email or password');
  const { passwordHash: _hidden, ...agent } = credentials;
  const token = ctx.signer.sign({
    kind: 'agent',
    agentId: agent.id,
    tenantId: agent.tenantId,
    exp: ctx.clock.now() + ctx.tokenTtlMs,
  });
  return { token, agent };
}

/** The agent behind a token; fails with `unauthorized` if the token is bad, expired or the agent is gone. */
export async function authenticateAgent(ctx: Omit<AuthContext, 'tokenTtlMs'>, token: string): Promise<AgentPrincipal> {
  const claims = ctx.signer.verify(token, ctx.clock.now());
  if (!claims || claims.kind !== 'agent') throw new AppError('unauthorized', 'invalid or expired token');
  const agent = await ctx.store.getAgent(claims.tenantId, claims.agentId);
  if (!agent) throw new AppError('unauthorized', 'the agent of this token no longer exists');
  return { role: 'agent', tenantId: agent.tenantId, agentId: agent.id, agentRole: agent.role, name: agent.name };
}
