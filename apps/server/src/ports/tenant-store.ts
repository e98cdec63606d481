// Tenants and their inboxes.
import type { InboxId, TenantId } from '../domain/ids.js';
import type { Inbox, InboxSettings, Tenant } from '../domain/model.js';

export interface NewInbox {
  name: string;
  widgetKey: string;
  identitySecret: string;
  requireIdentity: boolean;
  settings: InboxSettings;
}

export interface TenantStore {
  /** Creates a tenant with a fresh id. Not idempotent. */
  createTenant(name: string): Promise<Tenant>;
  listTenants(): Promise<Tenant[]>;
  /** Creates an inbox; `widgetKey` is unique across all tenants. */
  createInbox(tenantId: TenantId, inbox: NewInbox): Promise<Inbox>;
  getInbox(tenantId: TenantId, id: InboxId): Promise<Inbox | null>;
  /** The widget key is the visitor's entry point, so this one lookup is not scoped by tenant. */
  findInboxByWidgetKey(widgetKey: string): Promise<Inbox | null>;
  listInboxes(tenantId: TenantId): Promise<Inbox[]>;
}
