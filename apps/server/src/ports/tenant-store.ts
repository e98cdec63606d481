// Tenants and their inboxes.
import type { InboxId, TeamId, TenantId } from '../domain/ids.js';
import type { Inbox, InboxSettings, Tenant, TenantSettings } from '../domain/model.js';
import type { ReadMode } from './read-mode.js';

export interface NewInbox {
  name: string;
  widgetKey: string;
  identitySecret: string;
  requireIdentity: boolean;
  settings: InboxSettings;
  defaultTeamId?: TeamId | null;
}

export interface InboxPatch {
  name?: string;
  requireIdentity?: boolean;
  /** Replaces the stored settings whole. */
  settings?: InboxSettings;
  defaultTeamId?: TeamId | null;
}

export interface TenantStore {
  /** Creates a tenant with a fresh id and default settings. Not idempotent. */
  createTenant(name: string): Promise<Tenant>;
  getTenant(id: TenantId, mode?: ReadMode): Promise<Tenant | null>;
  listTenants(): Promise<Tenant[]>;
  /** Merges the patch into the stored settings (missing fields keep their value); null if no such tenant. */
  updateTenantSettings(id: TenantId, patch: Partial<TenantSettings>): Promise<Tenant | null>;
  /** Creates an inbox; `widgetKey` is unique across all tenants. */
  createInbox(tenantId: TenantId, inbox: NewInbox): Promise<Inbox>;
  getInbox(tenantId: TenantId, id: InboxId, mode?: ReadMode): Promise<Inbox | null>;
  /** The widget key is the visitor's entry point, so this one lookup is not scoped by tenant. */
  findInboxByWidgetKey(widgetKey: string): Promise<Inbox | null>;
  listInboxes(tenantId: TenantId): Promise<Inbox[]>;
  /** Applies the patch; null if the inbox is not in the tenant. */
  updateInbox(tenantId: TenantId, id: InboxId, patch: InboxPatch): Promise<Inbox | null>;
}
