// The in-memory Store's agent tools: canned responses, labels, custom fields, blocked IP addresses,
// satisfaction ratings and search (the same tokens as SQLite's full-text index, matched in place).
import { randomUUID } from 'node:crypto';
import { AppError } from '../domain/app-error.js';
import type { AgentId, ContactId, ConversationId, TenantId } from '../domain/ids.js';
import type { CannedResponse, Contact, Csat, CustomField, Label } from '../domain/model.js';
import type { CsatSummary, SearchHit, SearchResult } from '../ports/agent-tools-store.js';
import { MemoryConversations } from './memory-conversations.js';
import { clampLimit, foldAscii, json, key, newerFirst, newestCreated, nocaseOrder } from './memory-records.js';
import { contactSearchSource, matchesPhrase, queryTokens, snippet } from './search-text.js';

const FIELD_TYPES: ReadonlyArray<CustomField['type']> = ['text', 'number', 'date', 'boolean', 'list'];
const MAX_CSAT_COMMENT = 2000;

/** The checks SQLite's schema makes too, answered as `invalid` before the schema sees the values. */
function checkCsat(csat: Pick<Csat, 'rating' | 'comment'>): void {
  if (!Number.isInteger(csat.rating) || csat.rating < 1 || csat.rating > 5) throw new AppError('invalid', 'rating must be 1 to 5');
  if ([...csat.comment].length > MAX_CSAT_COMMENT) throw new AppError('invalid', `comment longer than ${MAX_CSAT_COMMENT} characters`);
}

function checkFieldType(type: string): void {
  if (!(FIELD_TYPES as readonly string[]).includes(type)) throw new AppError('invalid', `unknown field type: ${type}`);
}

export abstract class MemoryAgentTools extends MemoryConversations {
  // Canned responses

  async createCannedResponse(
    tenantId: TenantId,
    input: { ownerId: AgentId | null; shortcut: string; text: string },
  ): Promise<{ kind: 'created'; response: CannedResponse } | { kind: 'shortcut_taken' }> {
    this.assertOpen();
    this.assertTenant(tenantId);
    if (input.ownerId !== null && this.agents.get(input.ownerId)?.tenantId !== tenantId) throw new AppError('not_found', 'agent not found');
    if (this.#shortcutHolder(tenantId, input.ownerId, input.shortcut)) return { kind: 'shortcut_taken' };
    const response: CannedResponse = {
      id: randomUUID(),
      tenantId,
      ownerId: input.ownerId,
      shortcut: input.shortcut,
      text: input.text,
      createdAt: this.now(),
    };
    this.cannedResponses.set(response.id, response);
    return { kind: 'created', response: { ...response } };
  }

  async updateCannedResponse(tenantId: TenantId, id: string, patch: { shortcut?: string; text?: string }): Promise<CannedResponse | null> {
    this.assertOpen();
    const response = this.cannedResponses.get(id);
    if (response?.tenantId !== tenantId) return null;
    if (patch.shortcut !== undefined) {
      const holder = this.#shortcutHolder(tenantId, response.ownerId, patch.shortcut);
      if (holder && holder !== response) throw new AppError('conflict', 'shortcut taken');
      response.shortcut = patch.shortcut;
    }
    if (patch.text !== undefined) response.text = patch.text;
    return { ...response };
  }

  async deleteCannedResponse(tenantId: TenantId, id: string): Promise<boolean> {
    this.assertOpen();
    return this.cannedResponses.get(id)?.tenantId === tenantId && this.cannedResponses.delete(id);
  }

  async listCannedResponses(tenantId: TenantId, agentId: AgentId): Promise<CannedResponse[]> {
    this.assertOpen();
    return [...this.cannedResponses.values()]
      .filter((r) => r.tenantId === tenantId && (r.ownerId === null || r.ownerId === agentId))
      .sort((a, b) => (a.shortcut !== b.shortcut ? (a.shortcut < b.shortcut ? -1 : 1) : Number(a.ownerId === null) - Number(b.ownerId === null)))
      .map((r) => ({ ...r }));
  }

  #shortcutHolder(tenantId: TenantId, ownerId: AgentId | null, shortcut: string): CannedResponse | undefined {
    for (const r of this.cannedResponses.values()) if (r.tenantId === tenantId && r.ownerId === ownerId && r.shortcut === shortcut) return r;
    return undefined;
  }

  // Labels

  async upsertLabel(tenantId: TenantId, label: Omit<Label, 'tenantId'>): Promise<Label> {
    this.assertOpen();
    this.assertTenant(tenantId);
    const labelKey = key(tenantId, foldAscii(label.name));
    const previous = this.labels.get(labelKey);
    const stored: Label = { tenantId, name: label.name, color: label.color, description: label.description };
    // The name takes the spelling given, on the conversations too.
    if (previous && previous.name !== stored.name) this.#relabel(tenantId, previous.name, stored.name);
    this.labels.set(labelKey, stored);
    return { ...stored };
  }

  async deleteLabel(tenantId: TenantId, name: string): Promise<boolean> {
    this.assertOpen();
    const labelKey = key(tenantId, foldAscii(name));
    const label = this.labels.get(labelKey);
    if (!label) return false;
    this.labels.delete(labelKey);
    this.#relabel(tenantId, label.name, null);
    return true;
  }

  async listLabels(tenantId: TenantId): Promise<Label[]> {
    this.assertOpen();
    return [...this.labels.values()]
      .filter((l) => l.tenantId === tenantId)
      .sort((a, b) => nocaseOrder(a.name, b.name))
      .map((l) => ({ ...l }));
  }

  /** Renames a label on the tenant's conversations, or removes it (`to` null). */
  #relabel(tenantId: TenantId, from: string, to: string | null): void {
    for (const c of this.conversations.values()) {
      if (c.tenantId !== tenantId || !c.labels.includes(from)) continue;
      const rest = c.labels.filter((l) => l !== from);
      c.labels = (to === null ? rest : [...rest, to]).sort(nocaseOrder);
    }
  }

  // Custom fields

  async upsertCustomField(tenantId: TenantId, field: Omit<CustomField, 'tenantId'>): Promise<CustomField> {
    this.assertOpen();
    this.assertTenant(tenantId);
    checkFieldType(field.type);
    const stored: CustomField = json({ tenantId, key: field.key, label: field.label, type: field.type, options: field.options });
    this.customFields.set(key(tenantId, field.key), stored);
    return json(stored);
  }

  async deleteCustomField(tenantId: TenantId, fieldKey: string): Promise<boolean> {
    this.assertOpen();
    return this.customFields.delete(key(tenantId, fieldKey));
  }

  async listCustomFields(tenantId: TenantId): Promise<CustomField[]> {
    this.assertOpen();
    return [...this.customFields.values()].filter((f) => f.tenantId === tenantId).map(json);
  }

  // Blocked IP addresses

  async blockIp(tenantId: TenantId, ip: string, reason: string): Promise<void> {
    this.assertOpen();
    this.assertTenant(tenantId);
    const stored = this.blockedIps.get(key(tenantId, ip));
    // Blocking again keeps when it was first blocked and takes the new reason.
    if (stored) stored.reason = reason;
    else this.blockedIps.set(key(tenantId, ip), { tenantId, ip, reason, createdAt: this.now() });
  }

  async unblockIp(tenantId: TenantId, ip: string): Promise<boolean> {
    this.assertOpen();
    return this.blockedIps.delete(key(tenantId, ip));
  }

  async isIpBlocked(tenantId: TenantId, ip: string): Promise<boolean> {
    this.assertOpen();
    return this.blockedIps.has(key(tenantId, ip));
  }

  async isVisitorBlocked(tenantId: TenantId, contactId: ContactId, ip: string | null): Promise<boolean> {
    this.assertOpen();
    return this.isBlocked(tenantId, contactId, ip);
  }

  async listBlockedIps(tenantId: TenantId): Promise<Array<{ ip: string; reason: string; createdAt: string }>> {
    this.assertOpen();
    return newestCreated([...this.blockedIps.values()].filter((b) => b.tenantId === tenantId)).map(({ ip, reason, createdAt }) => ({ ip, reason, createdAt }));
  }

  // Satisfaction ratings

  async saveCsat(tenantId: TenantId, csat: Omit<Csat, 'tenantId' | 'createdAt'>): Promise<Csat> {
    this.assertOpen();
    checkCsat(csat);
    const conversation = this.conversations.get(csat.conversationId);
    if (conversation?.tenantId !== tenantId) throw new AppError('not_found', 'conversation not found');
    if (conversation.contactId !== csat.contactId) throw new AppError('invalid', "not the conversation's contact");
    const stored: Csat = {
      conversationId: csat.conversationId,
      tenantId,
      contactId: csat.contactId,
      agentId: csat.agentId,
      rating: csat.rating,
      comment: csat.comment,
      createdAt: this.now(),
    };
    this.ratings.set(stored.conversationId, stored);
    return { ...stored };
  }

  async getCsat(tenantId: TenantId, conversationId: ConversationId): Promise<Csat | null> {
    this.assertOpen();
    const csat = this.ratings.get(conversationId);
    return csat?.tenantId === tenantId ? { ...csat } : null;
  }

  async summarizeCsat(tenantId: TenantId, range: { fromIso: string; toIso: string; agentId?: AgentId }): Promise<CsatSummary> {
    this.assertOpen();
    const byRating: CsatSummary['byRating'] = { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 };
    let [count, sum] = [0, 0];
    for (const c of this.#ratingsIn(tenantId, range.fromIso, range.toIso)) {
      if (range.agentId !== undefined && c.agentId !== range.agentId) continue;
      byRating[c.rating]++;
      count++;
      sum += c.rating;
    }
    return { count, average: count === 0 ? null : sum / count, byRating };
  }

  async listCsat(tenantId: TenantId, range: { fromIso: string; toIso: string; limit: number }): Promise<Csat[]> {
    this.assertOpen();
    return this.#ratingsIn(tenantId, range.fromIso, range.toIso)
      .sort((a, b) => (a.createdAt !== b.createdAt ? (a.createdAt > b.createdAt ? -1 : 1) : a.conversationId > b.conversationId ? -1 : 1))
      .slice(0, clampLimit(range.limit))
      .map((c) => ({ ...c }));
  }

  #ratingsIn(tenantId: TenantId, fromIso: string, toIso: string): Csat[] {
    return [...this.ratings.values()].filter((c) => c.tenantId === tenantId && c.createdAt >= fromIso && c.createdAt < toIso);
  }

  // Search

  async search(tenantId: TenantId, query: string, options: { limit: number; contactId?: ContactId }): Promise<SearchResult> {
    this.assertOpen();
    const phrase = queryTokens(query);
    if (phrase === null) return { messages: [], contacts: [], labelled: [] };
    const limit = clampLimit(options.limit);
    const { contactId } = options;
    const ofContact = (conversationId: ConversationId): boolean =>
      contactId === undefined || this.conversations.get(conversationId)?.contactId === contactId;

    const messages: SearchHit[] = [];
    for (const entry of newestCreated(this.entries)) {
      if (messages.length === limit) break;
      if (entry.tenantId !== tenantId || entry.kind === 'event' || !ofContact(entry.conversationId)) continue;
      if (matchesPhrase(entry.text, phrase)) messages.push({ conversationId: entry.conversationId, seq: entry.seq, snippet: snippet(entry.text, query) });
    }

    const contacts: Contact[] = newestCreated(this.contacts.values())
      .filter((c) => c.tenantId === tenantId && (contactId === undefined || c.id === contactId) && matchesPhrase(contactSearchSource(c), phrase))
      .slice(0, limit)
      .map(json);

    const names = new Set([...this.labels.values()].filter((l) => l.tenantId === tenantId && matchesPhrase(l.name, phrase)).map((l) => l.name));
    const labelled = [...this.conversations.values()]
      .filter((c) => c.tenantId === tenantId && ofContact(c.id) && c.labels.some((l) => names.has(l)))
      .sort(newerFirst)
      .slice(0, limit)
      .map((c) => c.id);

    return { messages, contacts, labelled };
  }
}
