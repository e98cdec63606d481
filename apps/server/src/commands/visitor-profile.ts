// Use case: the host page (`kefu('setAttributes')`) or the pre-chat form tells us about the visitor.
// What a visitor says of themselves is kept as said, never as verified identity.
import type { TokenSigner } from '../auth/tokens.js';
import { AppError } from '../domain/app-error.js';
import type { Contact, Inbox } from '../domain/model.js';
import type { Store } from '../ports/store.js';
import type { Clock } from '../ports/clock.js';
import { checkAttribute } from './custom-fields.js';

export interface VisitorProfileInput {
  widgetKey: string;
  visitorToken: string;
  name?: string;
  email?: string;
  attributes?: Record<string, unknown>;
}

const MAX_ATTRIBUTES = 50;

export interface VisitorContext {
  store: Store;
  signer: TokenSigner;
  clock: Clock;
}

/** The inbox of a widget key and the contact of a visitor token made for it; 401 otherwise. */
export async function visitorOf(ctx: VisitorContext, widgetKey: string, visitorToken: string): Promise<{ inbox: Inbox; contact: Contact }> {
  const inbox = await ctx.store.findInboxByWidgetKey(widgetKey);
  if (!inbox) throw new AppError('unauthorized', 'unknown widget key');
  const claims = ctx.signer.verify(visitorToken, ctx.clock.now());
  if (claims?.kind !== 'visitor' || claims.inboxId !== inbox.id) throw new AppError('unauthorized', 'the visitor token is not valid for this widget');
  const contact = await ctx.store.getContact(inbox.tenantId, claims.contactId);
  if (!contact) throw new AppError('unauthorized', 'the visitor of this token no longer exists');
  return { inbox, contact };
}

export async function updateVisitorProfile(ctx: VisitorContext, input: VisitorProfileInput): Promise<Contact> {
  const { inbox, contact } = await visitorOf(ctx, input.widgetKey, input.visitorToken);

  const attributes: Record<string, unknown> = {};
  const entries = Object.entries(input.attributes ?? {});
  if (entries.length > MAX_ATTRIBUTES) throw new AppError('invalid', `at most ${MAX_ATTRIBUTES} attributes at once`);
  const fields = new Map((await ctx.store.listCustomFields(inbox.tenantId)).map((f) => [f.key, f]));
  const problems: string[] = [];
  for (const [key, value] of entries) {
    if (!/^[A-Za-z][A-Za-z0-9_-]{0,63}$/.test(key)) {
      problems.push(`attributes.${key}: keys are letters, digits, - and _, starting with a letter`);
      continue;
    }
    if (value !== null && typeof value === 'object') {
      problems.push(`attributes.${key}: expected a string, number or boolean`);
      continue;
    }
    const field = fields.get(key);
    const checked = field ? checkAttribute(field, value) : { ok: true as const, value };
    if (checked.ok) attributes[key] = checked.value;
    else problems.push(checked.problem);
  }
  if (problems.length > 0) throw new AppError('invalid', problems.join('; '));

  // A verified contact's name and email come from the customer's system, not from the visitor.
  const updated = await ctx.store.updateContact(inbox.tenantId, contact.id, {
    ...(!contact.identityVerified && input.name !== undefined ? { name: input.name.trim() } : {}),
    ...(!contact.identityVerified && input.email !== undefined ? { email: input.email.trim() } : {}),
    attributes,
  });
  return updated ?? contact;
}
