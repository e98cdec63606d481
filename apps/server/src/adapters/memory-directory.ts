// The in-memory Store's directory: tenants, inboxes, teams, contacts and agents.
import { randomUUID } from 'node:crypto';
import { AppError } from '../domain/app-error.js';
import {
  asAgentId,
  asContactId,
  asInboxId,
  asTeamId,
  asTenantId,
  type AgentId,
  type ContactId,
  type InboxId,
  type TeamId,
  type TenantId,
} from '../domain/ids.js';
import type { Agent, AgentCredentials, Contact, Inbox, Team, Tenant, TenantSettings } from '../domain/model.js';
import type { AgentPatch, CreateAgentResult, NewAgent } from '../ports/agent-store.js';
import type { ContactPatch, NewContact } from '../ports/contact-store.js';
import type { NewTeam, TeamPatch } from '../ports/team-store.js';
import type { InboxPatch, NewInbox } from '../ports/tenant-store.js';
import {
  checkCapacity,
  checkManualStatus,
  checkPolicy,
  checkRole,
  foldAscii,
  json,
  key,
  mergeAttributes,
  mergeSettings,
  tenantSettings,
  withoutHash,
} from './memory-records.js';
import { MemoryState, type StoredTenant } from './memory-state.js';

const toTenant = (t: StoredTenant): Tenant => ({ id: t.id, name: t.name, settings: tenantSettings(t.settings), createdAt: t.createdAt });

export abstract class MemoryDirectory extends MemoryState {
  // Tenants and inboxes

  async createTenant(name: string): Promise<Tenant> {
    this.assertOpen();
    const tenant: StoredTenant = { id: asTenantId(randomUUID()), name, settings: {}, createdAt: this.now() };
    this.tenants.set(tenant.id, tenant);
    return toTenant(tenant);
  }

  async getTenant(id: TenantId): Promise<Tenant | null> {
    this.assertOpen();
    const tenant = this.tenants.get(id);
    return tenant ? toTenant(tenant) : null;
  }

  async listTenants(): Promise<Tenant[]> {
    this.assertOpen();
    return [...this.tenants.values()].map(toTenant);
  }

  async updateTenantSettings(id: TenantId, patch: Partial<TenantSettings>): Promise<Tenant | null> {
    this.assertOpen();
    const tenant = this.tenants.get(id);
    if (!tenant) return null;
    tenant.settings = mergeSettings(tenant.settings, patch);
    return toTenant(tenant);
  }

  async createInbox(tenantId: TenantId, inbox: NewInbox): Promise<Inbox> {
    this.assertOpen();
    this.assertTenant(tenantId);
    if (this.inboxByWidgetKey.has(inbox.widgetKey)) throw new AppError('conflict', 'widget key already in use');
    const defaultTeamId = inbox.defaultTeamId ?? null;
    this.assertTeam(tenantId, defaultTeamId);
    const stored: Inbox = {
      id: asInboxId(randomUUID()),
      tenantId,
      name: inbox.name,
      widgetKey: inbox.widgetKey,
      identitySecret: inbox.identitySecret,
      requireIdentity: inbox.requireIdentity,
      settings: json(inbox.settings),
      defaultTeamId,
      createdAt: this.now(),
    };
    this.inboxes.set(stored.id, stored);
    this.inboxByWidgetKey.set(stored.widgetKey, stored.id);
    return json(stored);
  }

  async getInbox(tenantId: TenantId, id: InboxId): Promise<Inbox | null> {
    this.assertOpen();
    const inbox = this.inboxes.get(id);
    return inbox?.tenantId === tenantId ? json(inbox) : null;
  }

  async findInboxByWidgetKey(widgetKey: string): Promise<Inbox | null> {
    this.assertOpen();
    const id = this.inboxByWidgetKey.get(widgetKey);
    const inbox = id === undefined ? undefined : this.inboxes.get(id);
    return inbox ? json(inbox) : null;
  }

  async listInboxes(tenantId: TenantId): Promise<Inbox[]> {
    this.assertOpen();
    return [...this.inboxes.values()].filter((i) => i.tenantId === tenantId).map(json);
  }

  async updateInbox(tenantId: TenantId, id: InboxId, patch: InboxPatch): Promise<Inbox | null> {
    this.assertOpen();
    const inbox = this.inboxes.get(id);
    if (inbox?.tenantId !== tenantId) return null;
    if (patch.defaultTeamId !== undefined) this.assertTeam(tenantId, patch.defaultTeamId);
    if (patch.name !== undefined) inbox.name = patch.name;
    if (patch.requireIdentity !== undefined) inbox.requireIdentity = patch.requireIdentity;
    if (patch.settings !== undefined) inbox.settings = json(patch.settings);
    if (patch.defaultTeamId !== undefined) inbox.defaultTeamId = patch.defaultTeamId;
    return json(inbox);
  }

  /** An inbox may only route to a team of its own tenant. */
  protected assertTeam(tenantId: TenantId, teamId: TeamId | null): void {
    if (teamId !== null && this.teams.get(teamId)?.tenantId !== tenantId) throw new AppError('not_found', 'team not found');
  }

  // Teams

  async createTeam(tenantId: TenantId, team: NewTeam): Promise<Team> {
    this.assertOpen();
    this.assertTenant(tenantId);
    checkPolicy(team.policy);
    const stored: Team = {
      id: asTeamId(randomUUID()),
      tenantId,
      name: team.name,
      policy: team.policy,
      businessHours: team.businessHours === null ? null : json(team.businessHours),
      createdAt: this.now(),
    };
    this.teams.set(stored.id, stored);
    this.members.set(stored.id, new Set());
    return json(stored);
  }

  async getTeam(tenantId: TenantId, id: TeamId): Promise<Team | null> {
    this.assertOpen();
    const team = this.teams.get(id);
    return team?.tenantId === tenantId ? json(team) : null;
  }

  async listTeams(tenantId: TenantId): Promise<Team[]> {
    this.assertOpen();
    return [...this.teams.values()].filter((t) => t.tenantId === tenantId).map(json);
  }

  async updateTeam(tenantId: TenantId, id: TeamId, patch: TeamPatch): Promise<Team | null> {
    this.assertOpen();
    const team = this.teams.get(id);
    if (team?.tenantId !== tenantId) return null;
    if (patch.policy !== undefined) checkPolicy(patch.policy);
    if (patch.name !== undefined) team.name = patch.name;
    if (patch.policy !== undefined) team.policy = patch.policy;
    if (patch.businessHours !== undefined) team.businessHours = patch.businessHours === null ? null : json(patch.businessHours);
    return json(team);
  }

  async addTeamMember(tenantId: TenantId, teamId: TeamId, agentId: AgentId): Promise<boolean> {
    this.assertOpen();
    if (this.teams.get(teamId)?.tenantId !== tenantId || this.agents.get(agentId)?.tenantId !== tenantId) return false;
    this.members.get(teamId)!.add(agentId);
    return true;
  }

  async removeTeamMember(tenantId: TenantId, teamId: TeamId, agentId: AgentId): Promise<boolean> {
    this.assertOpen();
    if (this.teams.get(teamId)?.tenantId !== tenantId) return false;
    return this.members.get(teamId)!.delete(agentId);
  }

  async listTeamMembers(tenantId: TenantId, teamId: TeamId): Promise<AgentId[]> {
    this.assertOpen();
    if (this.teams.get(teamId)?.tenantId !== tenantId) return [];
    return [...this.members.get(teamId)!];
  }

  async listTeamsOfAgent(tenantId: TenantId, agentId: AgentId): Promise<TeamId[]> {
    this.assertOpen();
    return [...this.teams.values()].filter((t) => t.tenantId === tenantId && this.members.get(t.id)!.has(agentId)).map((t) => t.id);
  }

  // Contacts

  async createContact(tenantId: TenantId, contact: NewContact): Promise<Contact> {
    this.assertOpen();
    const inbox = this.inboxes.get(contact.inboxId);
    if (inbox?.tenantId !== tenantId) throw new AppError('not_found', 'inbox not found');
    const externalId = contact.externalId ?? null;
    if (externalId !== null) {
      const existing = this.contactByExternalId.get(key(contact.inboxId, externalId));
      if (existing !== undefined) return json(this.contacts.get(existing)!);
    }
    const stored: Contact = {
      id: asContactId(randomUUID()),
      tenantId,
      inboxId: contact.inboxId,
      externalId,
      name: contact.name ?? null,
      email: contact.email ?? null,
      identityVerified: contact.identityVerified ?? false,
      attributes: {},
      blocked: false,
      visit: null,
      createdAt: this.now(),
    };
    this.contacts.set(stored.id, stored);
    if (externalId !== null) this.contactByExternalId.set(key(contact.inboxId, externalId), stored.id);
    return json(stored);
  }

  async getContact(tenantId: TenantId, id: ContactId): Promise<Contact | null> {
    this.assertOpen();
    const contact = this.contacts.get(id);
    return contact?.tenantId === tenantId ? json(contact) : null;
  }

  async findContactByExternalId(tenantId: TenantId, inboxId: InboxId, externalId: string): Promise<Contact | null> {
    this.assertOpen();
    const id = this.contactByExternalId.get(key(inboxId, externalId));
    return id === undefined ? null : this.getContact(tenantId, id);
  }

  async updateContact(tenantId: TenantId, id: ContactId, patch: ContactPatch): Promise<Contact | null> {
    this.assertOpen();
    const contact = this.contacts.get(id);
    if (contact?.tenantId !== tenantId) return null;
    if (patch.name !== undefined) contact.name = patch.name;
    if (patch.email !== undefined) contact.email = patch.email;
    if (patch.attributes !== undefined) contact.attributes = mergeAttributes(contact.attributes, patch.attributes);
    if (patch.blocked !== undefined) contact.blocked = patch.blocked;
    if (patch.visit !== undefined) contact.visit = patch.visit === null ? null : json(patch.visit);
    return json(contact);
  }

  // Agents

  async createAgent(tenantId: TenantId, agent: NewAgent): Promise<CreateAgentResult> {
    this.assertOpen();
    this.assertTenant(tenantId);
    const email = foldAscii(agent.email);
    if (this.agentByEmail.has(email)) return { kind: 'email_taken' };
    const stored: AgentCredentials = {
      id: asAgentId(randomUUID()),
      tenantId,
      email: agent.email,
      name: agent.name,
      role: agent.role,
      capacity: null,
      manualStatus: 'online',
      lastAssignedAt: null,
      createdAt: this.now(),
      passwordHash: agent.passwordHash,
    };
    this.agents.set(stored.id, stored);
    this.agentByEmail.set(email, stored.id);
    return { kind: 'created', agent: withoutHash(stored) };
  }

  async getAgent(tenantId: TenantId, id: AgentId): Promise<Agent | null> {
    this.assertOpen();
    const agent = this.agents.get(id);
    return agent?.tenantId === tenantId ? withoutHash(agent) : null;
  }

  async findCredentialsByEmail(email: string): Promise<AgentCredentials | null> {
    this.assertOpen();
    const id = this.agentByEmail.get(foldAscii(email));
    const agent = id === undefined ? undefined : this.agents.get(id);
    return agent ? { ...agent } : null;
  }

  async listAgents(tenantId: TenantId): Promise<Agent[]> {
    this.assertOpen();
    return [...this.agents.values()].filter((a) => a.tenantId === tenantId).map(withoutHash);
  }

  async listAgentsByIds(tenantId: TenantId, ids: readonly AgentId[]): Promise<Agent[]> {
    const wanted = new Set(ids);
    return (await this.listAgents(tenantId)).filter((a) => wanted.has(a.id));
  }

  async updateAgent(tenantId: TenantId, id: AgentId, patch: AgentPatch): Promise<Agent | null> {
    this.assertOpen();
    const agent = this.agents.get(id);
    if (agent?.tenantId !== tenantId) return null;
    if (patch.role !== undefined) checkRole(patch.role);
    if (patch.capacity !== undefined) checkCapacity(patch.capacity);
    if (patch.manualStatus !== undefined) checkManualStatus(patch.manualStatus);
    if (patch.name !== undefined) agent.name = patch.name;
    if (patch.role !== undefined) agent.role = patch.role;
    if (patch.capacity !== undefined) agent.capacity = patch.capacity;
    if (patch.manualStatus !== undefined) agent.manualStatus = patch.manualStatus;
    return withoutHash(agent);
  }
}
