// Use case: a visitor says hello; find or make their contact and bind the browser to it.
import { verifyIdentityHash } from '../auth/identity-hash.js';
import type { TokenSigner } from '../auth/tokens.js';
import { AppError } from '../domain/app-error.js';
import type { Contact, Inbox } from '../domain/model.js';
import type { VisitorPrincipal } from '../domain/principal.js';
import type { Store } from '../ports/store.js';

export interface VisitorHelloInput {
  widgetKey: string;
  ip?: string | null;
  visitorToken?: string;
  user?: { id: string; name?: string; email?: string; hash?: string };
}

export interface IdentifiedVisitor {
  principal: VisitorPrincipal;
  inbox: Inbox;
  contact: Contact;
  visitorToken: string;
  /** This hello made the contact (an anonymous first visit): it has no conversations yet. */
  newContact: boolean;
}

export async function identifyVisitor(
  ctx: { store: Store; signer: TokenSigner },
  input: VisitorHelloInput,
  nowMs: number,
): Promise<IdentifiedVisitor> {
  const inbox = await ctx.store.findInboxByWidgetKey(input.widgetKey);
  if (!inbox) throw new AppError('unauthorized', 'unknown widget key');
  const tenantId = inbox.tenantId;

  const user = input.user;
  const verified = user?.hash !== undefined && verifyIdentityHash(user.id, user.hash, inbox.identitySecret);
  if (inbox.requireIdentity && !verified) {
    throw new AppError('unauthorized', user ? 'the identity hash does not verify' : 'this inbox requires an identified user');
  }

  let contact: Contact | null = null;
  /** The token presented, when it names the contact found: it is what signing again would give. */
  let presentedToken: string | null = null;
  if (verified && user) {
    contact =
      (await ctx.store.findContactByExternalId(tenantId, inbox.id, user.id)) ??
      (await ctx.store.createContact(tenantId, {
        inboxId: inbox.id,
        externalId: user.id,
        name: user.name ?? null,
        email: user.email ?? null,
        identityVerified: true,
      }));
  } else if (input.visitorToken) {
    const claims = ctx.signer.verify(input.visitorToken, nowMs);
    // A token of another inbox, or one whose contact is gone, starts a new visitor rather than failing.
    if (claims?.kind === 'visitor' && claims.inboxId === inbox.id && claims.tenantId === tenantId) {
      contact = await ctx.store.getContact(tenantId, claims.contactId);
      if (contact) presentedToken = input.visitorToken;
    }
  }
  const newContact = contact === null;
  contact ??= await ctx.store.createContact(tenantId, { inboxId: inbox.id });

  // An unverified user's name and email are kept as what the visitor says, never as identity.
  if (user && (user.name !== undefined || user.email !== undefined) && !contact.identityVerified) {
    contact =
      (await ctx.store.updateContact(tenantId, contact.id, {
        ...(user.name !== undefined ? { name: user.name } : {}),
        ...(user.email !== undefined ? { email: user.email } : {}),
      })) ?? contact;
  }

  // Visitor tokens do not expire, so a returning visitor keeps theirs: no second HMAC per hello.
  const visitorToken = presentedToken ?? ctx.signer.sign({ kind: 'visitor', contactId: contact.id, inboxId: inbox.id, tenantId });
  return {
    principal: { role: 'visitor', tenantId, inboxId: inbox.id, contactId: contact.id, name: contact.name, ip: input.ip ?? null },
    inbox,
    contact,
    visitorToken,
    newContact,
  };
}
