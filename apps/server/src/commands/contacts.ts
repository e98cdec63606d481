// Use cases of contacts as agents see them: a contact with their conversations, edits of name,
// email and attributes (typed by custom fields), and blocking.
import { AppError } from '../domain/app-error.js';
import { asContactId } from '../domain/ids.js';
import type { Contact, Conversation } from '../domain/model.js';
import type { AgentPrincipal } from '../domain/principal.js';
import type { ContactPatch } from '../ports/contact-store.js';
import type { Store } from '../ports/store.js';
import { checkAttribute, FIELD_KEY } from './custom-fields.js';

const MAX_ATTRIBUTES = 100;
const MAX_ATTRIBUTE_JSON_CHARS = 4000;

async function loadContact(store: Store, actor: AgentPrincipal, id: string): Promise<Contact> {
  const contact = await store.getContact(actor.tenantId, asContactId(id));
  if (!contact) throw new AppError('not_found', `contact ${id} not found`);
  return contact;
}

/** The contact and their conversations, newest activity first (at most `limit`). */
export async function getContactWithConversations(
  store: Store,
  actor: AgentPrincipal,
  id: string,
  limit = 50,
): Promise<{ contact: Contact; conversations: Conversation[] }> {
  const contact = await loadContact(store, actor, id);
  const conversations = await store.listConversations(actor.tenantId, { contactId: contact.id, limit });
  return { contact, conversations };
}

export interface ContactEdit {
  name?: string | null;
  email?: string | null;
  /** Merged key by key; null removes a key. */
  attributes?: Record<string, unknown>;
}

/**
 * Any agent may edit a contact. An attribute whose key has a custom field must fit its type
 * (a number may arrive as a numeric string and is stored as a number); other keys take any
 * JSON value. Every problem is reported at once, and nothing is written when there is one.
 */
export async function editContact(store: Store, actor: AgentPrincipal, id: string, edit: ContactEdit): Promise<Contact> {
  const contact = await loadContact(store, actor, id);
  const patch: ContactPatch = {};
  if (edit.name !== undefined) patch.name = edit.name === null ? null : edit.name.trim() || null;
  if (edit.email !== undefined) patch.email = edit.email === null ? null : edit.email.trim().toLowerCase() || null;
  if (edit.attributes !== undefined) patch.attributes = await checkAttributes(store, actor, edit.attributes);
  const updated = await store.updateContact(actor.tenantId, contact.id, patch);
  if (!updated) throw new AppError('not_found', `contact ${id} not found`);
  return updated;
}

async function checkAttributes(store: Store, actor: AgentPrincipal, attributes: Record<string, unknown>): Promise<Record<string, unknown>> {
  const entries = Object.entries(attributes);
  if (entries.length > MAX_ATTRIBUTES) throw new AppError('invalid', `at most ${MAX_ATTRIBUTES} attributes at once`);
  const fields = new Map((await store.listCustomFields(actor.tenantId)).map((f) => [f.key, f]));
  const problems: string[] = [];
  const checked: Record<string, unknown> = {};
  for (const [key, value] of entries) {
    if (!FIELD_KEY.test(key)) {
      problems.push(`attribute key ${JSON.stringify(key)} must start with a letter and hold letters, digits, "-" or "_"`);
      continue;
    }
    const field = fields.get(key);
    if (value === null || !field) {
      if (value !== null && JSON.stringify(value).length > MAX_ATTRIBUTE_JSON_CHARS) problems.push(`attributes.${key} is too large`);
      checked[key] = value;
      continue;
    }
    const result = checkAttribute(field, value);
    if (result.ok) checked[key] = result.value;
    else problems.push(result.problem);
  }
  if (problems.length > 0) throw new AppError('invalid', problems.join('; '));
  return checked;
}

/**
 * Any agent may block or unblock a contact, as in Chatwoot. Only the flag is stored here;
 * what a blocked contact's messages do is decided where messages are sent. Idempotent.
 */
export async function setContactBlocked(store: Store, actor: AgentPrincipal, id: string, blocked: boolean): Promise<Contact> {
  const contact = await loadContact(store, actor, id);
  if (contact.blocked === blocked) return contact;
  const updated = await store.updateContact(actor.tenantId, contact.id, { blocked });
  if (!updated) throw new AppError('not_found', `contact ${id} not found`);
  return updated;
}
