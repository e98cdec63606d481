// Rows and statements of the agent tools in SQLite (migration 3): canned responses, labels, custom
// fields, blocked IP addresses and satisfaction ratings. Each statement filters by tenant_id.
import type Database from 'better-sqlite3';
import { asAgentId, asContactId, asConversationId, asTenantId } from '../domain/ids.js';
import type { CannedResponse, Csat, CustomField, Label } from '../domain/model.js';
import { LIMIT_NAMED } from './sqlite-limit.js';

export interface CannedResponseRow {
  id: string;
  tenant_id: string;
  owner_id: string | null;
  shortcut: string;
  text: string;
  created_at: string;
}

export interface LabelRow {
  tenant_id: string;
  name: string;
  color: string;
  description: string;
  created_at: string;
}

export interface CustomFieldRow {
  tenant_id: string;
  key: string;
  label: string;
  type: string;
  /** JSON array of strings. */
  options: string;
  created_at: string;
}

export interface BlockedIpRow {
  tenant_id: string;
  ip: string;
  reason: string;
  created_at: string;
}

export interface CsatRow {
  conversation_id: string;
  tenant_id: string;
  contact_id: string;
  agent_id: string | null;
  rating: number;
  comment: string;
  created_at: string;
}

// The CHECK constraints of the schema keep type and rating inside their unions, so the casts hold.

export const toCannedResponse = (r: CannedResponseRow): CannedResponse => ({
  id: r.id,
  tenantId: asTenantId(r.tenant_id),
  ownerId: r.owner_id === null ? null : asAgentId(r.owner_id),
  shortcut: r.shortcut,
  text: r.text,
  createdAt: r.created_at,
});

export const toLabel = (r: LabelRow): Label => ({ tenantId: asTenantId(r.tenant_id), name: r.name, color: r.color, description: r.description });

export const toCustomField = (r: CustomFieldRow): CustomField => ({
  tenantId: asTenantId(r.tenant_id),
  key: r.key,
  label: r.label,
  type: r.type as CustomField['type'],
  options: JSON.parse(r.options) as string[],
});

export const toBlockedIp = (r: BlockedIpRow): { ip: string; reason: string; createdAt: string } => ({ ip: r.ip, reason: r.reason, createdAt: r.created_at });

export const toCsat = (r: CsatRow): Csat => ({
  conversationId: asConversationId(r.conversation_id),
  tenantId: asTenantId(r.tenant_id),
  contactId: asContactId(r.contact_id),
  agentId: r.agent_id === null ? null : asAgentId(r.agent_id),
  rating: r.rating as Csat['rating'],
  comment: r.comment,
  createdAt: r.created_at,
});

interface CsatRange {
  tenantId: string;
  fromIso: string;
  toIso: string;
}

export type AgentToolStatements = ReturnType<typeof prepareAgentToolStatements>;

export function prepareAgentToolStatements(db: Database.Database) {
  return {
    insertCannedResponse: db.prepare<[string, string, string | null, string, string, string], CannedResponseRow>(
      'INSERT INTO canned_responses (id, tenant_id, owner_id, shortcut, text, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING *',
    ),
    cannedResponseById: db.prepare<[string, string], CannedResponseRow>('SELECT * FROM canned_responses WHERE tenant_id = ? AND id = ?'),
    /** By the expression of the unique index: owner NULL is the tenant-wide owner. */
    cannedResponseByShortcut: db.prepare<[string, string | null, string], CannedResponseRow>(
      "SELECT * FROM canned_responses WHERE tenant_id = ? AND COALESCE(owner_id, '') = COALESCE(?, '') AND shortcut = ?",
    ),
    updateCannedResponse: db.prepare<[string, string, string, string], CannedResponseRow>(
      'UPDATE canned_responses SET shortcut = ?, text = ? WHERE tenant_id = ? AND id = ? RETURNING *',
    ),
    deleteCannedResponse: db.prepare<[string, string]>('DELETE FROM canned_responses WHERE tenant_id = ? AND id = ?'),
    /** The agent's own before a tenant-wide one of the same shortcut. */
    listCannedResponses: db.prepare<[string, string], CannedResponseRow>(
      `SELECT * FROM canned_responses WHERE tenant_id = ? AND (owner_id IS NULL OR owner_id = ?)
       ORDER BY shortcut, owner_id IS NULL, created_at, rowid`,
    ),

    /** name is NOCASE: any case of the name finds the label. */
    labelByName: db.prepare<[string, string], LabelRow>('SELECT * FROM labels WHERE tenant_id = ? AND name = ?'),
    insertLabel: db.prepare<[string, string, string, string, string], LabelRow>(
      'INSERT INTO labels (tenant_id, name, color, description, created_at) VALUES (?, ?, ?, ?, ?) RETURNING *',
    ),
    updateLabel: db.prepare<[string, string, string, string, string], LabelRow>(
      'UPDATE labels SET name = ?, color = ?, description = ? WHERE tenant_id = ? AND name = ? RETURNING *',
    ),
    renameConversationLabel: db.prepare<[string, string, string]>('UPDATE conversation_labels SET label_name = ? WHERE tenant_id = ? AND label_name = ?'),
    /** Its conversation_labels go with it (ON DELETE CASCADE). */
    deleteLabel: db.prepare<[string, string]>('DELETE FROM labels WHERE tenant_id = ? AND name = ?'),
    listLabels: db.prepare<[string], LabelRow>('SELECT * FROM labels WHERE tenant_id = ? ORDER BY name'),

    /** An update keeps the field's place (rowid) in the list. */
    upsertCustomField: db.prepare<[string, string, string, string, string, string], CustomFieldRow>(
      `INSERT INTO custom_fields (tenant_id, key, label, type, options, created_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (tenant_id, key) DO UPDATE SET label = excluded.label, type = excluded.type, options = excluded.options
       RETURNING *`,
    ),
    deleteCustomField: db.prepare<[string, string]>('DELETE FROM custom_fields WHERE tenant_id = ? AND key = ?'),
    listCustomFields: db.prepare<[string], CustomFieldRow>('SELECT * FROM custom_fields WHERE tenant_id = ? ORDER BY rowid'),

    /** Blocking again keeps when it was first blocked and takes the new reason. */
    blockIp: db.prepare<[string, string, string, string]>(
      `INSERT INTO blocked_ips (tenant_id, ip, reason, created_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (tenant_id, ip) DO UPDATE SET reason = excluded.reason`,
    ),
    unblockIp: db.prepare<[string, string]>('DELETE FROM blocked_ips WHERE tenant_id = ? AND ip = ?'),
    isIpBlocked: db.prepare<[string, string], number>('SELECT 1 FROM blocked_ips WHERE tenant_id = ? AND ip = ?').pluck(),
    // One statement for both, since it runs with every visitor message.
    isVisitorBlocked: db
      .prepare<{ tenantId: string; contactId: string; ip: string | null }, number>(
        `SELECT EXISTS (SELECT 1 FROM contacts WHERE tenant_id = @tenantId AND id = @contactId AND blocked = 1)
             OR EXISTS (SELECT 1 FROM blocked_ips WHERE tenant_id = @tenantId AND ip = @ip)`,
      )
      .pluck(),
    listBlockedIps: db.prepare<[string], BlockedIpRow>('SELECT * FROM blocked_ips WHERE tenant_id = ? ORDER BY created_at DESC, rowid DESC'),

    /** The caller has checked that the conversation is the tenant's: the conflict can only be its own rating. */
    saveCsat: db.prepare<[string, string, string, string | null, number, string, string], CsatRow>(
      `INSERT INTO csat (conversation_id, tenant_id, contact_id, agent_id, rating, comment, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (conversation_id) DO UPDATE SET
         contact_id = excluded.contact_id, agent_id = excluded.agent_id, rating = excluded.rating,
         comment = excluded.comment, created_at = excluded.created_at
       RETURNING *`,
    ),
    csatOf: db.prepare<[string, string], CsatRow>('SELECT * FROM csat WHERE tenant_id = ? AND conversation_id = ?'),
    csatCounts: db.prepare<CsatRange, { rating: number; n: number }>(
      `SELECT rating, COUNT(*) AS n FROM csat WHERE tenant_id = @tenantId AND created_at >= @fromIso AND created_at < @toIso
       GROUP BY rating`,
    ),
    csatCountsOfAgent: db.prepare<CsatRange & { agentId: string }, { rating: number; n: number }>(
      `SELECT rating, COUNT(*) AS n FROM csat
       WHERE tenant_id = @tenantId AND agent_id = @agentId AND created_at >= @fromIso AND created_at < @toIso
       GROUP BY rating`,
    ),
    listCsat: db.prepare<CsatRange & { limit: number }, CsatRow>(
      `SELECT * FROM csat WHERE tenant_id = @tenantId AND created_at >= @fromIso AND created_at < @toIso
       ORDER BY created_at DESC, conversation_id DESC ${LIMIT_NAMED}`,
    ),
  };
}
