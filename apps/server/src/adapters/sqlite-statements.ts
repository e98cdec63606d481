// The SQLite store's fixed statements, prepared once per connection; each filters by tenant_id.
import type Database from 'better-sqlite3';
import {
  CONVERSATION_COLUMNS,
  type AgentRow,
  type ContactRow,
  type ConversationPositionRow,
  type ConversationRow,
  type CursorRow,
  type EntryRow,
  type InboxRow,
  type TeamRow,
  type TenantRow,
} from './sqlite-rows.js';
import { LIMIT_PARAM } from './sqlite-limit.js';

export interface InboxParams {
  id: string;
  tenantId: string;
  name: string;
  widgetKey: string;
  identitySecret: string;
  requireIdentity: number;
  settings: string;
  defaultTeamId: string | null;
  createdAt: string;
}

export interface NewConversationParams {
  id: string;
  tenantId: string;
  inboxId: string;
  contactId: string;
  status: string;
  teamId: string | null;
  priority: string;
  now: string;
}

export interface NextSeqParams {
  tenantId: string;
  id: string;
  /** The new entry's created_at. */
  now: string;
  /** Takes the seq only if the conversation is this contact's; null for any. */
  ofContact: string | null;
  /** 1: takes the seq only if the conversation is not resolved. */
  unlessResolved: 0 | 1;
  /** 1: takes the seq only if the conversation's contact is not blocked. */
  unlessContactBlocked: 0 | 1;
  /** Takes the seq only if this address is not blocked; null for any. */
  unlessIpBlocked: string | null;
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
    tenantById: db.prepare<[string], TenantRow>('SELECT * FROM tenants WHERE id = ?'),
    listTenants: db.prepare<[], TenantRow>('SELECT * FROM tenants ORDER BY created_at, rowid'),
    updateTenantSettings: db.prepare<[string, string], TenantRow>('UPDATE tenants SET settings = ? WHERE id = ? RETURNING *'),

    insertInbox: db.prepare<InboxParams, InboxRow>(
      `INSERT INTO inboxes (id, tenant_id, name, widget_key, identity_secret, require_identity, settings, default_team_id, created_at)
       VALUES (@id, @tenantId, @name, @widgetKey, @identitySecret, @requireIdentity, @settings, @defaultTeamId, @createdAt) RETURNING *`,
    ),
    updateInbox: db.prepare<[string, number, string, string | null, string, string], InboxRow>(
      `UPDATE inboxes SET name = ?, require_identity = ?, settings = ?, default_team_id = ?
       WHERE tenant_id = ? AND id = ? RETURNING *`,
    ),
    inboxById: db.prepare<[string, string], InboxRow>('SELECT * FROM inboxes WHERE tenant_id = ? AND id = ?'),
    // Not scoped by tenant on purpose: the widget key is how a visitor names the tenant.
    inboxByWidgetKey: db.prepare<[string], InboxRow>('SELECT * FROM inboxes WHERE widget_key = ?'),
    listInboxes: db.prepare<[string], InboxRow>('SELECT * FROM inboxes WHERE tenant_id = ? ORDER BY created_at, rowid'),

    insertTeam: db.prepare<[string, string, string, string, string | null, string], TeamRow>(
      'INSERT INTO teams (id, tenant_id, name, policy, business_hours, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING *',
    ),
    teamById: db.prepare<[string, string], TeamRow>('SELECT * FROM teams WHERE tenant_id = ? AND id = ?'),
    listTeams: db.prepare<[string], TeamRow>('SELECT * FROM teams WHERE tenant_id = ? ORDER BY created_at, rowid'),
    updateTeam: db.prepare<[string, string, string | null, string, string], TeamRow>(
      'UPDATE teams SET name = ?, policy = ?, business_hours = ? WHERE tenant_id = ? AND id = ? RETURNING *',
    ),
    addTeamMember: db.prepare<[string, string, string, string]>(
      `INSERT INTO team_members (tenant_id, team_id, agent_id, created_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (team_id, agent_id) DO NOTHING`,
    ),
    removeTeamMember: db.prepare<[string, string, string]>('DELETE FROM team_members WHERE tenant_id = ? AND team_id = ? AND agent_id = ?'),
    listTeamMembers: db.prepare<[string, string], string>(
      'SELECT agent_id FROM team_members WHERE tenant_id = ? AND team_id = ? ORDER BY rowid',
    ).pluck(),
    listTeamsOfAgent: db.prepare<[string, string], string>(
      `SELECT t.id FROM team_members AS m JOIN teams AS t ON t.id = m.team_id
       WHERE m.tenant_id = ? AND m.agent_id = ? ORDER BY t.created_at, t.rowid`,
    ).pluck(),

    insertContact: db.prepare<[string, string, string, string | null, string | null, string | null, number, string], ContactRow>(
      `INSERT INTO contacts (id, tenant_id, inbox_id, external_id, name, email, identity_verified, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
    ),
    contactById: db.prepare<[string, string], ContactRow>('SELECT * FROM contacts WHERE tenant_id = ? AND id = ?'),
    contactByExternalId: db.prepare<[string, string, string], ContactRow>(
      'SELECT * FROM contacts WHERE tenant_id = ? AND inbox_id = ? AND external_id = ?',
    ),
    updateContact: db.prepare<[string | null, string | null, string, number, string | null, string, string], ContactRow>(
      'UPDATE contacts SET name = ?, email = ?, attributes = ?, blocked = ?, visit = ? WHERE tenant_id = ? AND id = ? RETURNING *',
    ),

    insertAgent: db.prepare<[string, string, string, string, string, string, string], AgentRow>(
      `INSERT INTO agents (id, tenant_id, email, name, role, password_hash, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING *`,
    ),
    agentById: db.prepare<[string, string], AgentRow>('SELECT * FROM agents WHERE tenant_id = ? AND id = ?'),
    // Across tenants on purpose: an email names one login (the column is COLLATE NOCASE).
    agentByEmail: db.prepare<[string], AgentRow>('SELECT * FROM agents WHERE email = ?'),
    listAgents: db.prepare<[string], AgentRow>('SELECT * FROM agents WHERE tenant_id = ? ORDER BY created_at, rowid'),
    /** The ids as a JSON array. */
    listAgentsByIds: db.prepare<[string, string], AgentRow>(
      'SELECT * FROM agents WHERE tenant_id = ? AND id IN (SELECT value FROM json_each(?)) ORDER BY created_at, rowid',
    ),
    updateAgent: db.prepare<[string, string, number | null, string, string, string], AgentRow>(
      'UPDATE agents SET name = ?, role = ?, capacity = ?, manual_status = ? WHERE tenant_id = ? AND id = ? RETURNING *',
    ),
    agentAssigned: db.prepare<[string, string, string]>('UPDATE agents SET last_assigned_at = ? WHERE tenant_id = ? AND id = ?'),

    conversationById: db.prepare<[string, string], ConversationRow>(`SELECT ${CONVERSATION_COLUMNS} FROM conversations WHERE tenant_id = ? AND id = ?`),
    conversationPositionById: db.prepare<[string, string], ConversationPositionRow>(
      'SELECT id, tenant_id, contact_id, assignee_id, last_seq FROM conversations WHERE tenant_id = ? AND id = ?',
    ),
    newestOpenConversation: db.prepare<[string, string, string], { id: string }>(
      `SELECT id FROM conversations
       WHERE tenant_id = ? AND contact_id = ? AND inbox_id = ? AND status <> 'resolved'
       ORDER BY created_at DESC, rowid DESC LIMIT 1`,
    ),
    /** Without RETURNING: the caller knows the id, and the append that follows returns the row. */
    insertConversation: db.prepare<NewConversationParams>(
      `INSERT INTO conversations (id, tenant_id, inbox_id, contact_id, status, team_id, priority, last_seq, queued_at, created_at, updated_at)
       VALUES (@id, @tenantId, @inboxId, @contactId, @status, @teamId, @priority, 0,
               CASE WHEN @status = 'queued' THEN @now END, @now, @now)`,
    ),
    conversationExists: db.prepare<[string, string], number>('SELECT 1 FROM conversations WHERE tenant_id = ? AND id = ?').pluck(),
    // Take the next seq for an entry (an append's; a transition takes its own). None of them sets a
    // column of an index but the visitor's message (conversations_by_visitor_quiet), and none moves
    // updated_at: message activity leaves the lists' indexes alone. Undefined: no such conversation.
    nextSeq: nextSeq(db, ''),
    /** For a visitor's message (text or file): also its side's last message time, which the quiet timer reads. */
    nextSeqVisitorMessage: nextSeq(db, ', last_visitor_message_at = @now'),
    /** For an agent's message (text or file): also its side's last message time. */
    nextSeqAgentMessage: nextSeq(db, ', last_agent_message_at = @now'),
    /** Open conversations per agent of the JSON array; agents without any are absent. */
    countOpenByAgent: db.prepare<[string, string], { agent_id: string; open: number }>(
      `SELECT assignee_id AS agent_id, COUNT(*) AS open FROM conversations
       WHERE tenant_id = ? AND status = 'open' AND assignee_id IN (SELECT value FROM json_each(?))
       GROUP BY assignee_id`,
    ),
    lastAssigneeOfContact: db.prepare<[string, string, string], string>(
      `SELECT assignee_id FROM conversations
       WHERE tenant_id = ? AND contact_id = ? AND assignee_id IS NOT NULL AND assigned_at >= ?
       ORDER BY assigned_at DESC, rowid DESC LIMIT 1`,
    ).pluck(),

    /** The tenant's label of this name in any case of its ASCII letters (the column is NOCASE). */
    labelName: db.prepare<[string, string], string>('SELECT name FROM labels WHERE tenant_id = ? AND name = ?').pluck(),
    clearConversationLabels: db.prepare<[string, string]>('DELETE FROM conversation_labels WHERE tenant_id = ? AND conversation_id = ?'),
    addConversationLabel: db.prepare<[string, string, string]>(
      'INSERT INTO conversation_labels (tenant_id, conversation_id, label_name) VALUES (?, ?, ?)',
    ),

    /** Named by the columns, so that the caller maps the row it wrote (no RETURNING); run() gives its rowid. */
    insertEntry: db.prepare<EntryRow>(
      `INSERT INTO entries (id, tenant_id, conversation_id, seq, sender_role, sender_id, sender_name, client_msg_id, kind, text, data, created_at)
       VALUES (@id, @tenant_id, @conversation_id, @seq, @sender_role, @sender_id, @sender_name, @client_msg_id, @kind, @text, @data, @created_at)`,
    ),
    entryBySenderKey: db.prepare<[string, string, string], EntryRow>(
      'SELECT * FROM entries WHERE tenant_id = ? AND sender_id = ? AND client_msg_id = ?',
    ),
    timeline: db.prepare<[string, string, number, number], EntryRow>(
      `SELECT * FROM entries WHERE tenant_id = ? AND conversation_id = ? AND seq > ? ORDER BY seq ${LIMIT_PARAM}`,
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
    /** moveCursor with an ack alone, in one statement: nothing when the conversation is not the tenant's or the ack is not ahead. */
    advanceAckCursor: db.prepare<Omit<CursorParams, 'readSeq'>>(
      `INSERT INTO cursors (tenant_id, conversation_id, participant_id, participant_role, participant_name, ack_seq, read_seq, updated_at)
       SELECT @tenantId, @conversationId, @participantId, @role, @name, @ackSeq, 0, @now
       WHERE EXISTS (SELECT 1 FROM conversations WHERE tenant_id = @tenantId AND id = @conversationId)
       ON CONFLICT (conversation_id, participant_id) DO UPDATE SET
         participant_role = excluded.participant_role, participant_name = excluded.participant_name,
         ack_seq = excluded.ack_seq, updated_at = excluded.updated_at
       WHERE excluded.ack_seq > cursors.ack_seq`,
    ),
    listCursors: db.prepare<[string, string], CursorRow>(
      'SELECT * FROM cursors WHERE tenant_id = ? AND conversation_id = ? ORDER BY rowid',
    ),
  };
}

function nextSeq(db: Database.Database, alsoSet: string) {
  return db.prepare<NextSeqParams, ConversationRow>(
    `UPDATE conversations SET last_seq = last_seq + 1, last_message_at = @now${alsoSet}
     WHERE tenant_id = @tenantId AND id = @id
       AND (@ofContact IS NULL OR contact_id = @ofContact) AND (@unlessResolved = 0 OR status <> 'resolved')
       AND (@unlessContactBlocked = 0 OR NOT EXISTS (SELECT 1 FROM contacts c WHERE c.tenant_id = @tenantId AND c.id = conversations.contact_id AND c.blocked = 1))
       AND (@unlessIpBlocked IS NULL OR NOT EXISTS (SELECT 1 FROM blocked_ips b WHERE b.tenant_id = @tenantId AND b.ip = @unlessIpBlocked))
     RETURNING ${CONVERSATION_COLUMNS}`,
  );
}
