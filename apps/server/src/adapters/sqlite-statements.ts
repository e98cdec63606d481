// The SQLite store's fixed statements, prepared once per connection; each filters by tenant_id.
import type Database from 'better-sqlite3';
import type { AgentRow, ContactRow, ConversationRow, CursorRow, EntryRow, InboxRow, TenantRow } from './sqlite-rows.js';

export interface EntryParams {
  id: string;
  tenantId: string;
  conversationId: string;
  seq: number;
  senderRole: string;
  senderId: string;
  senderName: string | null;
  clientMsgId: string;
  kind: string;
  text: string;
  data: string | null;
  createdAt: string;
}

export interface CursorParams {
  tenantId: string;
  conversationId: string;
  participantId: string;
  role: string;
  name: string | null;
  ackSeq: number;
  readSeq: number;
  now: string;
}

export type Statements = ReturnType<typeof prepareStatements>;

export function prepareStatements(db: Database.Database) {
  return {
    ping: db.prepare<[], number>('SELECT 1').pluck(),

    insertTenant: db.prepare<[string, string, string], TenantRow>(
      'INSERT INTO tenants (id, name, created_at) VALUES (?, ?, ?) RETURNING *',
    ),
    tenantExists: db.prepare<[string], number>('SELECT 1 FROM tenants WHERE id = ?').pluck(),
    listTenants: db.prepare<[], TenantRow>('SELECT * FROM tenants ORDER BY created_at, rowid'),

    insertInbox: db.prepare<[string, string, string, string, string, number, string, string], InboxRow>(
      `INSERT INTO inboxes (id, tenant_id, name, widget_key, identity_secret, require_identity, settings, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
    ),
    inboxById: db.prepare<[string, string], InboxRow>('SELECT * FROM inboxes WHERE tenant_id = ? AND id = ?'),
    // Not scoped by tenant on purpose: the widget key is how a visitor names the tenant.
    inboxByWidgetKey: db.prepare<[string], InboxRow>('SELECT * FROM inboxes WHERE widget_key = ?'),
    listInboxes: db.prepare<[string], InboxRow>('SELECT * FROM inboxes WHERE tenant_id = ? ORDER BY created_at, rowid'),

    insertContact: db.prepare<[string, string, string, string | null, string | null, string | null, number, string], ContactRow>(
      `INSERT INTO contacts (id, tenant_id, inbox_id, external_id, name, email, identity_verified, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
    ),
    contactById: db.prepare<[string, string], ContactRow>('SELECT * FROM contacts WHERE tenant_id = ? AND id = ?'),
    contactByExternalId: db.prepare<[string, string, string], ContactRow>(
      'SELECT * FROM contacts WHERE tenant_id = ? AND inbox_id = ? AND external_id = ?',
    ),
    updateContact: db.prepare<[string | null, string | null, string, string, string], ContactRow>(
      'UPDATE contacts SET name = ?, email = ?, attributes = ? WHERE tenant_id = ? AND id = ? RETURNING *',
    ),

    insertAgent: db.prepare<[string, string, string, string, string, string, string], AgentRow>(
      `INSERT INTO agents (id, tenant_id, email, name, role, password_hash, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING *`,
    ),
    agentById: db.prepare<[string, string], AgentRow>('SELECT * FROM agents WHERE tenant_id = ? AND id = ?'),
    // Across tenants on purpose: an email names one login (the column is COLLATE NOCASE).
    agentByEmail: db.prepare<[string], AgentRow>('SELECT * FROM agents WHERE email = ?'),
    listAgents: db.prepare<[string], AgentRow>('SELECT * FROM agents WHERE tenant_id = ? ORDER BY created_at, rowid'),

    conversationById: db.prepare<[string, string], ConversationRow>('SELECT * FROM conversations WHERE tenant_id = ? AND id = ?'),
    newestOpenConversation: db.prepare<[string, string, string], ConversationRow>(
      `SELECT * FROM conversations
       WHERE tenant_id = ? AND contact_id = ? AND inbox_id = ? AND status <> 'resolved'
       ORDER BY created_at DESC, rowid DESC LIMIT 1`,
    ),
    insertConversation: db.prepare<[string, string, string, string, string, string, string], ConversationRow>(
      `INSERT INTO conversations (id, tenant_id, inbox_id, contact_id, status, last_seq, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, 0, ?, ?) RETURNING *`,
    ),
    nextSeq: db.prepare<[string, string, string], ConversationRow>(
      'UPDATE conversations SET last_seq = last_seq + 1, updated_at = ? WHERE tenant_id = ? AND id = ? RETURNING *',
    ),

    insertEntry: db.prepare<EntryParams, EntryRow>(
      `INSERT INTO entries (id, tenant_id, conversation_id, seq, sender_role, sender_id, sender_name, client_msg_id, kind, text, data, created_at)
       VALUES (@id, @tenantId, @conversationId, @seq, @senderRole, @senderId, @senderName, @clientMsgId, @kind, @text, @data, @createdAt)
       RETURNING *`,
    ),
    entryBySenderKey: db.prepare<[string, string, string], EntryRow>(
      'SELECT * FROM entries WHERE tenant_id = ? AND sender_id = ? AND client_msg_id = ?',
    ),
    timeline: db.prepare<[string, string, number, number], EntryRow>(
      'SELECT * FROM entries WHERE tenant_id = ? AND conversation_id = ? AND seq > ? ORDER BY seq LIMIT ?',
    ),

    cursor: db.prepare<[string, string, string], CursorRow>(
      'SELECT * FROM cursors WHERE tenant_id = ? AND conversation_id = ? AND participant_id = ?',
    ),
    upsertCursor: db.prepare<CursorParams, CursorRow>(
      `INSERT INTO cursors (tenant_id, conversation_id, participant_id, participant_role, participant_name, ack_seq, read_seq, updated_at)
       VALUES (@tenantId, @conversationId, @participantId, @role, @name, @ackSeq, @readSeq, @now)
       ON CONFLICT (conversation_id, participant_id) DO UPDATE SET
         participant_role = excluded.participant_role, participant_name = excluded.participant_name,
         ack_seq = max(ack_seq, excluded.ack_seq), read_seq = max(read_seq, excluded.read_seq), updated_at = excluded.updated_at
       RETURNING *`,
    ),
    listCursors: db.prepare<[string, string], CursorRow>(
      'SELECT * FROM cursors WHERE tenant_id = ? AND conversation_id = ? ORDER BY rowid',
    ),
  };
}
