// Contacts: the visitors of an inbox, anonymous or identified.
import type { ContactId, InboxId, TenantId } from '../domain/ids.js';
import type { Contact, ContactVisit } from '../domain/model.js';
import type { ReadMode } from './read-mode.js';

export interface NewContact {
  inboxId: InboxId;
  externalId?: string | null;
  name?: string | null;
  email?: string | null;
  identityVerified?: boolean;
}

export interface ContactPatch {
  name?: string | null;
  email?: string | null;
  /** Merged into the stored attributes, key by key; a key set to null is removed. */
  attributes?: Record<string, unknown>;
  blocked?: boolean;
  /** Replaces the visitor's last visit whole. */
  visit?: ContactVisit | null;
}

export interface ContactStore {
  /**
   * Creates a contact. With an `externalId` it is idempotent per inbox: a second call
   * with the same (inbox, externalId) returns the stored contact.
   */
  createContact(tenantId: TenantId, contact: NewContact): Promise<Contact>;
  getContact(tenantId: TenantId, id: ContactId, mode?: ReadMode): Promise<Contact | null>;
  findContactByExternalId(tenantId: TenantId, inboxId: InboxId, externalId: string): Promise<Contact | null>;
  /** Applies the patch and returns the contact as stored, or null when it does not exist. */
  updateContact(tenantId: TenantId, id: ContactId, patch: ContactPatch): Promise<Contact | null>;
}
