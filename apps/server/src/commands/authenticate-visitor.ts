// Use case: a visitor's HTTP request, authenticated by the widget key and the visitor token that
// the widget got in its `welcome` (as the CSAT form is).
import type { TokenSigner } from '../auth/tokens.js';
import { AppError } from '../domain/app-error.js';
import type { VisitorPrincipal } from '../domain/principal.js';
import type { Clock } from '../ports/clock.js';
import type { Store } from '../ports/store.js';

export interface VisitorCredentials {
  widgetKey: string;
  visitorToken: string;
  ip: string | null;
}

/** 401 for an unknown widget key, a token that is not this inbox's visitor, or a contact that is gone. */
export async function authenticateVisitor(ctx: { store: Store; signer: TokenSigner; clock: Clock }, credentials: VisitorCredentials): Promise<VisitorPrincipal> {
  const inbox = await ctx.store.findInboxByWidgetKey(credentials.widgetKey);
  if (!inbox) throw new AppError('unauthorized', 'unknown widget key');
  const claims = ctx.signer.verify(credentials.visitorToken, ctx.clock.now());
  if (claims?.kind !== 'visitor' || claims.inboxId !== inbox.id || claims.tenantId !== inbox.tenantId) {
    throw new AppError('unauthorized', 'the visitor token is not valid for this widget');
  }
  const contact = await ctx.store.getContact(inbox.tenantId, claims.contactId);
  if (!contact) throw new AppError('unauthorized', 'the visitor of this token no longer exists');
  return { role: 'visitor', tenantId: inbox.tenantId, inboxId: inbox.id, contactId: contact.id, name: contact.name, ip: credentials.ip };
}
