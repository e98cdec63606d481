// Signed, stateless tokens: any node holding the secret can check them without a lookup.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { AgentId, ContactId, InboxId, TenantId } from '../domain/ids.js';

export interface AgentClaims {
  kind: 'agent';
  agentId: AgentId;
  tenantId: TenantId;
  /** Expiry, ms since the epoch. */
  exp: number;
}

/** Binds a browser to its visitor across reloads; it does not expire. */
export interface VisitorClaims {
  kind: 'visitor';
  contactId: ContactId;
  inboxId: InboxId;
  tenantId: TenantId;
}

export type TokenClaims = AgentClaims | VisitorClaims;

export class TokenSigner {
  constructor(private readonly secret: string) {}

  sign(claims: TokenClaims): string {
    const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
    return `${body}.${this.mac(body)}`;
  }

  /** The claims of a well-formed, authentic, unexpired token; otherwise null. */
  verify(token: string, nowMs: number): TokenClaims | null {
    const dot = token.indexOf('.');
    if (dot <= 0 || token.length > 4096) return null;
    const body = token.slice(0, dot);
    const given = Buffer.from(token.slice(dot + 1), 'base64url');
    const expected = Buffer.from(this.mac(body), 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    try {
      const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as TokenClaims;
      if (claims.kind === 'agent' && !(claims.exp > nowMs)) return null;
      return claims;
    } catch {
      return null;
    }
  }

  private mac(body: string): string {
    return createHmac('sha256', this.secret).update(body).digest('base64url');
  }
}
