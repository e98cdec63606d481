// What agents work with besides conversations: canned responses, labels, custom contact fields,
// blocked IP addresses, satisfaction ratings (CSAT), and search.
import type { AgentId, ContactId, ConversationId, TenantId } from '../domain/ids.js';
import type { CannedResponse, Contact, Csat, CustomField, Label } from '../domain/model.js';
import type { ReadMode } from './read-mode.js';

export interface SearchHit {
  conversationId: ConversationId;
  /** The matching entry's seq, or null when the conversation matched by label or contact. */
  seq: number | null;
  /** The matching text, cut around the match. */
  snippet: string;
}

export interface SearchResult {
  messages: SearchHit[];
  contacts: Contact[];
  /** Conversations carrying a label whose name matches. */
  labelled: ConversationId[];
}

export type CsatSummary = { count: number; average: number | null; byRating: Record<1 | 2 | 3 | 4 | 5, number> };

export interface AgentToolsStore {
  /** Shortcuts are unique per owner (tenant-wide ones among themselves, each agent's among theirs): a clash answers `shortcut_taken`. */
  createCannedResponse(tenantId: TenantId, input: { ownerId: AgentId | null; shortcut: string; text: string }): Promise<{ kind: 'created'; response: CannedResponse } | { kind: 'shortcut_taken' }>;
  updateCannedResponse(tenantId: TenantId, id: string, patch: { shortcut?: string; text?: string }): Promise<CannedResponse | null>;
  deleteCannedResponse(tenantId: TenantId, id: string): Promise<boolean>;
  /** Tenant-wide responses and the agent's own, by shortcut. */
  listCannedResponses(tenantId: TenantId, agentId: AgentId): Promise<CannedResponse[]>;

  /** Creates or updates by name (names are unique per tenant, case-insensitively). */
  upsertLabel(tenantId: TenantId, label: Omit<Label, 'tenantId'>): Promise<Label>;
  /** Deletes the label and removes it from every conversation. */
  deleteLabel(tenantId: TenantId, name: string): Promise<boolean>;
  listLabels(tenantId: TenantId): Promise<Label[]>;

  upsertCustomField(tenantId: TenantId, field: Omit<CustomField, 'tenantId'>): Promise<CustomField>;
  deleteCustomField(tenantId: TenantId, key: string): Promise<boolean>;
  listCustomFields(tenantId: TenantId): Promise<CustomField[]>;

  /** Idempotent. */
  blockIp(tenantId: TenantId, ip: string, reason: string): Promise<void>;
  unblockIp(tenantId: TenantId, ip: string): Promise<boolean>;
  isIpBlocked(tenantId: TenantId, ip: string, mode?: ReadMode): Promise<boolean>;
  /**
   * Whether the contact is blocked (false when it does not exist) or the address is (null: none
   * known). Read with every visitor message, as one read.
   */
  isVisitorBlocked(tenantId: TenantId, contactId: ContactId, ip: string | null, mode?: ReadMode): Promise<boolean>;
  listBlockedIps(tenantId: TenantId): Promise<Array<{ ip: string; reason: string; createdAt: string }>>;

  /** One rating per conversation: a second submission replaces the first (a visitor may change their mind). */
  saveCsat(tenantId: TenantId, csat: Omit<Csat, 'tenantId' | 'createdAt'>): Promise<Csat>;
  getCsat(tenantId: TenantId, conversationId: ConversationId): Promise<Csat | null>;
  /** Ratings created in [fromIso, toIso), optionally of one agent. */
  summarizeCsat(tenantId: TenantId, range: { fromIso: string; toIso: string; agentId?: AgentId }): Promise<CsatSummary>;
  listCsat(tenantId: TenantId, range: { fromIso: string; toIso: string; limit: number }): Promise<Csat[]>;

  /**
   * Finds text in message entries (not notes' visibility: agents see notes), contact names, emails
   * and attributes, and label names, in the tenant only. Works for Chinese without spaces: a word
   * is found inside a sentence. Newest matches first.
   */
  search(tenantId: TenantId, query: string, options: { limit: number; contactId?: ContactId }): Promise<SearchResult>;
}
