// The SQLite Store's directory: tenants, inboxes, teams, contacts and agents.
import { randomUUID } from 'node:crypto';
import { AppError } from '../domain/app-error.js';
import { asAgentId, asTeamId, type AgentId, type ContactId, type InboxId, type TeamId, type TenantId } from '../domain/ids.js';
import type { Agent, AgentCredentials, Contact, Inbox, Team, Tenant, TenantSettings } from '../domain/model.js';
import type { AgentPatch, CreateAgentResult, NewAgent } from '../ports/agent-store.js';
import type { ContactPatch, NewContact } from '../ports/contact-store.js';
import type { NewTeam, TeamPatch } from '../ports/team-store.js';
import type { InboxPatch, NewInbox } from '../ports/tenant-store.js';
import { nullable, SqliteConnection } from './sqlite-connection.js';
import { mergeAttributes, mergeSettings, toAgent, toContact, toCredentials, toInbox, toTeam, toTenant } from './sqlite-rows.js';
import type { ReadMode } from '../ports/read-mode.js';

/**
 * How long a widget key's inbox is kept for the visitor hello. The writes here clear it at once; the
 * limit covers a change made another way (a migration, another process on the same file).
 */
const INBOX_BY_KEY_TTL_MS = 1_000;
/** Widget keys kept at most: only keys of existing inboxes are kept, so this is a bound, not a working size. */
const INBOX_BY_KEY_MAX = 10_000;

export abstract class SqliteDirectory extends SqliteConnection {
  /**
   * Every visitor hello looks its inbox up by widget key: the read was 30 µs of a returning
   * visitor's 310 (bench/FINDINGS.md). Filled and cleared inside the read and write steps, which run
   * in commit order on this thread, so a hello never sees an inbox older than the last write here.
   */
  readonly #inboxByKey = new Map<string, { inbox: Inbox; readAtMs: number }>();

  // Tenants and inboxes

  createTenant(name: string): Promise<Tenant> {
    return this.write(() => toTenant(this.sql.insertTenant.get(randomUUID(), name, this.now())!));
  }

  getTenant(id: TenantId, mode?: ReadMode): Promise<Tenant | null> {
    return this.read(() => nullable(this.sql.tenantById.get(id), toTenant), mode);
  }

  listTenants(): Promise<Tenant[]> {
    return this.read(() => this.sql.listTenants.all().map(toTenant));
  }

  updateTenantSettings(id: TenantId, patch: Partial<TenantSettings>): Promise<Tenant | null> {
    return this.write(() => {
      const row = this.sql.tenantById.get(id);
      if (!row) return null;
      // Only what was ever set is stored; reads add the defaults.
      const stored = JSON.parse(row.settings) as Record<string, unknown>;
      return toTenant(this.sql.updateTenantSettings.get(JSON.stringify(mergeSettings(stored, patch)), id)!);
    });
  }

  createInbox(tenantId: TenantId, inbox: NewInbox): Promise<Inbox> {
    return this.write(() => {
      this.assertTenant(tenantId);
      if (this.sql.inboxByWidgetKey.get(inbox.widgetKey)) throw new AppError('conflict', 'widget key already in use');
      const defaultTeamId = inbox.defaultTeamId ?? null;
      this.assertTeam(tenantId, defaultTeamId);
      const row = this.sql.insertInbox.get({
        id: randomUUID(),
        tenantId,
        name: inbox.name,
        widgetKey: inbox.widgetKey,
        identitySecret: inbox.identitySecret,
        requireIdentity: inbox.requireIdentity ? 1 : 0,
        settings: JSON.stringify(inbox.settings),
        defaultTeamId,
        createdAt: this.now(),
      });
      return toInbox(row!);
    });
  }

  getInbox(tenantId: TenantId, id: InboxId, mode?: ReadMode): Promise<Inbox | null> {
    return this.read(() => nullable(this.sql.inboxById.get(tenantId, id), toInbox), mode);
  }

  findInboxByWidgetKey(widgetKey: string): Promise<Inbox | null> {
    const kept = this.#inboxByKey.get(widgetKey);
    if (kept && performance.now() - kept.readAtMs < INBOX_BY_KEY_TTL_MS) return Promise.resolve(kept.inbox);
    return this.read(() => {
      const inbox = nullable(this.sql.inboxByWidgetKey.get(widgetKey), toInbox);
      if (inbox) {
        if (this.#inboxByKey.size >= INBOX_BY_KEY_MAX) this.#inboxByKey.clear();
        this.#inboxByKey.set(widgetKey, { inbox, readAtMs: performance.now() });
      } else this.#inboxByKey.delete(widgetKey);
      return inbox;
    });
  }

  listInboxes(tenantId: TenantId): Promise<Inbox[]> {
    return this.read(() => this.sql.listInboxes.all(tenantId).map(toInbox));
  }

  updateInbox(tenantId: TenantId, id: InboxId, patch: InboxPatch): Promise<Inbox | null> {
    return this.write(() => {
      this.#inboxByKey.clear();
      const row = this.sql.inboxById.get(tenantId, id);
      if (!row) return null;
      const stored = toInbox(row);
      const defaultTeamId = patch.defaultTeamId === undefined ? stored.defaultTeamId : patch.defaultTeamId;
      if (patch.defaultTeamId !== undefined) this.assertTeam(tenantId, defaultTeamId);
      const updated = this.sql.updateInbox.get(
        patch.name ?? stored.name,
        (patch.requireIdentity ?? stored.requireIdentity) ? 1 : 0,
        JSON.stringify(patch.settings ?? stored.settings),
        defaultTeamId,
        tenantId,
        id,
      );
      return toInbox(updated!);
    });
  }

  /** An inbox may only route to a team of its own tenant. */
  protected assertTeam(tenantId: TenantId, teamId: TeamId | null): void {
    if (teamId !== null && !this.sql.teamById.get(tenantId, teamId)) throw new AppError('not_found', 'team not found');
  }

  // Teams

  createTeam(tenantId: TenantId, team: NewTeam): Promise<Team> {
    return this.write(() => {
      this.assertTenant(tenantId);
      const hours = team.businessHours === null ? null : JSON.stringify(team.businessHours);
      return toTeam(this.sql.insertTeam.get(randomUUID(), tenantId, team.name, team.policy, hours, this.now())!);
    });
  }

  getTeam(tenantId: TenantId, id: TeamId): Promise<Team | null> {
    return this.read(() => nullable(this.sql.teamById.get(tenantId, id), toTeam));
  }

  listTeams(tenantId: TenantId): Promise<Team[]> {
    return this.read(() => this.sql.listTeams.all(tenantId).map(toTeam));
  }

  updateTeam(tenantId: TenantId, id: TeamId, patch: TeamPatch): Promise<Team | null> {
    return this.write(() => {
      const row = this.sql.teamById.get(tenantId, id);
      if (!row) return null;
      const { businessHours } = patch;
      const hours = businessHours === undefined ? row.business_hours : businessHours === null ? null : JSON.stringify(businessHours);
      return toTeam(this.sql.updateTeam.get(patch.name ?? row.name, patch.policy ?? row.policy, hours, tenantId, id)!);
    });
  }

  addTeamMember(tenantId: TenantId, teamId: TeamId, agentId: AgentId): Promise<boolean> {
    return this.write(() => {
      if (!this.sql.teamById.get(tenantId, teamId) || !this.sql.agentById.get(tenantId, agentId)) return false;
      this.sql.addTeamMember.run(tenantId, teamId, agentId, this.now());
      return true;
    });
  }

  removeTeamMember(tenantId: TenantId, teamId: TeamId, agentId: AgentId): Promise<boolean> {
    return this.write(() => this.sql.removeTeamMember.run(tenantId, teamId, agentId).changes > 0);
  }

  listTeamMembers(tenantId: TenantId, teamId: TeamId): Promise<AgentId[]> {
    return this.read(() => this.sql.listTeamMembers.all(tenantId, teamId).map(asAgentId));
  }

  listTeamsOfAgent(tenantId: TenantId, agentId: AgentId): Promise<TeamId[]> {
    return this.read(() => this.sql.listTeamsOfAgent.all(tenantId, agentId).map(asTeamId));
  }

  // Contacts

  createContact(tenantId: TenantId, contact: NewContact): Promise<Contact> {
    return this.write(() => {
      if (!this.sql.inboxById.get(tenantId, contact.inboxId)) throw new AppError('not_found', 'inbox not found');
      const externalId = contact.externalId ?? null;
      if (externalId !== null) {
        const existing = this.sql.contactByExternalId.get(tenantId, contact.inboxId, externalId);
        if (existing) return toContact(existing);
      }
      const row = this.sql.insertContact.get(
        randomUUID(),
        tenantId,
        contact.inboxId,
        externalId,
        contact.name ?? null,
        contact.email ?? null,
        contact.identityVerified ? 1 : 0,
        this.now(),
      )!;
      this.searchIndex.indexContact(row, true);
      return toContact(row);
    });
  }

  getContact(tenantId: TenantId, id: ContactId, mode?: ReadMode): Promise<Contact | null> {
    return this.read(() => nullable(this.sql.contactById.get(tenantId, id), toContact), mode);
  }

  findContactByExternalId(tenantId: TenantId, inboxId: InboxId, externalId: string): Promise<Contact | null> {
    return this.read(() => nullable(this.sql.contactByExternalId.get(tenantId, inboxId, externalId), toContact));
  }

  updateContact(tenantId: TenantId, id: ContactId, patch: ContactPatch): Promise<Contact | null> {
    return this.write(() => {
      const row = this.sql.contactById.get(tenantId, id);
      if (!row) return null;
      const stored = toContact(row);
      const name = patch.name === undefined ? stored.name : patch.name;
      const email = patch.email === undefined ? stored.email : patch.email;
      const attributes = JSON.stringify(patch.attributes === undefined ? stored.attributes : mergeAttributes(stored.attributes, patch.attributes));
      const blocked = (patch.blocked ?? stored.blocked) ? 1 : 0;
      const visit = patch.visit === undefined ? row.visit : patch.visit === null ? null : JSON.stringify(patch.visit);
      const updated = this.sql.updateContact.get(name, email, attributes, blocked, visit, tenantId, id)!;
      this.searchIndex.indexContact(updated);
      return toContact(updated);
    });
  }

  // Agents

  createAgent(tenantId: TenantId, agent: NewAgent): Promise<CreateAgentResult> {
    return this.write((): CreateAgentResult => {
      this.assertTenant(tenantId);
      if (this.sql.agentByEmail.get(agent.email)) return { kind: 'email_taken' };
      const row = this.sql.insertAgent.get(randomUUID(), tenantId, agent.email, agent.name, agent.role, agent.passwordHash, this.now());
      return { kind: 'created', agent: toAgent(row!) };
    });
  }

  getAgent(tenantId: TenantId, id: AgentId): Promise<Agent | null> {
    return this.read(() => nullable(this.sql.agentById.get(tenantId, id), toAgent));
  }

  findCredentialsByEmail(email: string): Promise<AgentCredentials | null> {
    return this.read(() => nullable(this.sql.agentByEmail.get(email), toCredentials));
  }

  listAgents(tenantId: TenantId): Promise<Agent[]> {
    return this.read(() => this.sql.listAgents.all(tenantId).map(toAgent));
  }

  listAgentsByIds(tenantId: TenantId, ids: readonly AgentId[]): Promise<Agent[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.read(() => this.sql.listAgentsByIds.all(tenantId, JSON.stringify(ids)).map(toAgent));
  }

  updateAgent(tenantId: TenantId, id: AgentId, patch: AgentPatch): Promise<Agent | null> {
    return this.write(() => {
      const row = this.sql.agentById.get(tenantId, id);
      if (!row) return null;
      const capacity = patch.capacity === undefined ? row.capacity : patch.capacity;
      const updated = this.sql.updateAgent.get(
        patch.name ?? row.name,
        patch.role ?? row.role,
        capacity,
        patch.manualStatus ?? row.manual_status,
        tenantId,
        id,
      );
      return toAgent(updated!);
    });
  }
}
