// The SQLite schema as numbered migrations; `sqlite-migrations` applies them in order on open.

/**
 * Migration n (1-based) is `migrations[n - 1]`. Append only: a released migration is never edited,
 * because databases in the field have already applied it.
 * Every row of tenant data carries `tenant_id`, and every query filters by it.
 */
export const migrations: readonly string[] = [
  `
  CREATE TABLE tenants (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    created_at TEXT NOT NULL
  ) STRICT;

  CREATE TABLE inboxes (
    id               TEXT PRIMARY KEY,
    tenant_id        TEXT NOT NULL REFERENCES tenants (id),
    name             TEXT NOT NULL,
    widget_key       TEXT NOT NULL UNIQUE,
    identity_secret  TEXT NOT NULL,
    require_identity INTEGER NOT NULL CHECK (require_identity IN (0, 1)),
    settings         TEXT NOT NULL DEFAULT '{}',
    created_at       TEXT NOT NULL
  ) STRICT;
  CREATE INDEX inboxes_by_tenant ON inboxes (tenant_id, created_at);

  CREATE TABLE contacts (
    id                TEXT PRIMARY KEY,
    tenant_id         TEXT NOT NULL REFERENCES tenants (id),
    inbox_id          TEXT NOT NULL REFERENCES inboxes (id),
    external_id       TEXT,
    name              TEXT,
    email             TEXT,
    identity_verified INTEGER NOT NULL DEFAULT 0 CHECK (identity_verified IN (0, 1)),
    attributes        TEXT NOT NULL DEFAULT '{}',
    created_at        TEXT NOT NULL
  ) STRICT;
  CREATE UNIQUE INDEX contacts_by_external_id ON contacts (inbox_id, external_id) WHERE external_id IS NOT NULL;

  CREATE TABLE agents (
    id            TEXT PRIMARY KEY,
    tenant_id     TEXT NOT NULL REFERENCES tenants (id),
    email         TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name          TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'agent')),
    password_hash TEXT NOT NULL,
    created_at    TEXT NOT NULL
  ) STRICT;
  CREATE INDEX agents_by_tenant ON agents (tenant_id, created_at);

  -- assignee_id has no foreign key: which agent may take a conversation is the commands' rule,
  -- and an agent's removal must not rewrite the history of who handled what.
  CREATE TABLE conversations (
    id          TEXT PRIMARY KEY,
    tenant_id   TEXT NOT NULL REFERENCES tenants (id),
    inbox_id    TEXT NOT NULL REFERENCES inboxes (id),
    contact_id  TEXT NOT NULL REFERENCES contacts (id),
    status      TEXT NOT NULL CHECK (status IN ('bot', 'queued', 'open', 'resolved')),
    assignee_id TEXT,
    team_id     TEXT,
    last_seq    INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
  ) STRICT;
  CREATE INDEX conversations_by_update   ON conversations (tenant_id, updated_at DESC, id DESC);
  CREATE INDEX conversations_by_status   ON conversations (tenant_id, status, updated_at DESC, id DESC);
  CREATE INDEX conversations_by_assignee ON conversations (tenant_id, assignee_id, updated_at DESC, id DESC);
  CREATE INDEX conversations_by_inbox    ON conversations (tenant_id, inbox_id, updated_at DESC, id DESC);
  CREATE INDEX conversations_by_contact  ON conversations (tenant_id, contact_id, inbox_id, created_at DESC);

  CREATE TABLE entries (
    id              TEXT PRIMARY KEY,
    tenant_id       TEXT NOT NULL REFERENCES tenants (id),
    conversation_id TEXT NOT NULL REFERENCES conversations (id),
    seq             INTEGER NOT NULL CHECK (seq > 0),
    sender_role     TEXT NOT NULL CHECK (sender_role IN ('visitor', 'agent', 'bot', 'system')),
    sender_id       TEXT NOT NULL,
    sender_name     TEXT,
    client_msg_id   TEXT NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('text', 'note', 'event', 'card', 'file')),
    text            TEXT NOT NULL,
    data            TEXT,
    created_at      TEXT NOT NULL,
    UNIQUE (conversation_id, seq),
    UNIQUE (tenant_id, sender_id, client_msg_id)
  ) STRICT;

  CREATE TABLE cursors (
    tenant_id        TEXT NOT NULL REFERENCES tenants (id),
    conversation_id  TEXT NOT NULL REFERENCES conversations (id),
    participant_id   TEXT NOT NULL,
    participant_role TEXT NOT NULL CHECK (participant_role IN ('visitor', 'agent', 'bot', 'system')),
    participant_name TEXT,
    ack_seq          INTEGER NOT NULL DEFAULT 0,
    read_seq         INTEGER NOT NULL DEFAULT 0,
    updated_at       TEXT NOT NULL,
    PRIMARY KEY (conversation_id, participant_id)
  ) STRICT;

  CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
  ) STRICT;
  `,
  // 2: routing. Tenant settings, teams and their members, agent capacity and status, conversation
  // priority, the queue and the timestamps the timers read.
  `
  -- Only the settings a tenant has set; reads merge them over the defaults of the code, so a
  -- setting added later reaches existing tenants with its default.
  ALTER TABLE tenants ADD COLUMN settings TEXT NOT NULL DEFAULT '{}';

  CREATE TABLE teams (
    id             TEXT PRIMARY KEY,
    tenant_id      TEXT NOT NULL REFERENCES tenants (id),
    name           TEXT NOT NULL,
    policy         TEXT NOT NULL CHECK (policy IN ('least_busy', 'round_robin', 'manual')),
    business_hours TEXT,
    created_at     TEXT NOT NULL,
    UNIQUE (tenant_id, id)
  ) STRICT;
  CREATE INDEX teams_by_tenant ON teams (tenant_id, created_at);

  -- Members reference (tenant, team) and (tenant, agent), so a membership cannot cross tenants.
  CREATE UNIQUE INDEX agents_by_tenant_and_id ON agents (tenant_id, id);
  CREATE TABLE team_members (
    tenant_id  TEXT NOT NULL,
    team_id    TEXT NOT NULL,
    agent_id   TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (team_id, agent_id),
    FOREIGN KEY (tenant_id, team_id) REFERENCES teams (tenant_id, id),
    FOREIGN KEY (tenant_id, agent_id) REFERENCES agents (tenant_id, id)
  ) STRICT;
  CREATE INDEX team_members_by_agent ON team_members (agent_id);

  ALTER TABLE inboxes ADD COLUMN default_team_id TEXT REFERENCES teams (id);

  -- capacity NULL: the tenant's default capacity.
  ALTER TABLE agents ADD COLUMN capacity INTEGER CHECK (capacity >= 0);
  ALTER TABLE agents ADD COLUMN manual_status TEXT NOT NULL DEFAULT 'online' CHECK (manual_status IN ('online', 'away', 'offline'));
  ALTER TABLE agents ADD COLUMN last_assigned_at TEXT;

  -- team_id (migration 1) has no foreign key, like assignee_id: history keeps who handled what.
  ALTER TABLE conversations ADD COLUMN priority TEXT NOT NULL DEFAULT 'normal' CHECK (priority IN ('low', 'normal', 'high', 'urgent'));
  -- The queue's sort key: urgent first.
  ALTER TABLE conversations ADD COLUMN priority_rank INTEGER GENERATED ALWAYS AS (
    CASE priority WHEN 'urgent' THEN 3 WHEN 'high' THEN 2 WHEN 'normal' THEN 1 ELSE 0 END
  ) VIRTUAL;
  ALTER TABLE conversations ADD COLUMN queued_at TEXT;
  ALTER TABLE conversations ADD COLUMN assigned_at TEXT;
  ALTER TABLE conversations ADD COLUMN last_visitor_message_at TEXT;
  ALTER TABLE conversations ADD COLUMN last_agent_message_at TEXT;

  -- Existing rows: queued since creation at the latest; assigned at their last update at the latest
  -- (so no timer fires early); message times from their timelines.
  UPDATE conversations SET
    queued_at   = CASE WHEN status = 'queued' THEN created_at END,
    assigned_at = CASE WHEN assignee_id IS NOT NULL THEN updated_at END,
    last_visitor_message_at = (
      SELECT max(e.created_at) FROM entries AS e
      WHERE e.conversation_id = conversations.id AND e.sender_role = 'visitor' AND e.kind IN ('text', 'file')
    ),
    last_agent_message_at = (
      SELECT max(e.created_at) FROM entries AS e
      WHERE e.conversation_id = conversations.id AND e.sender_role = 'agent' AND e.kind IN ('text', 'file')
    );

  CREATE INDEX conversations_queue ON conversations (tenant_id, priority_rank DESC, queued_at, id)
    WHERE status = 'queued' AND assignee_id IS NULL;
  CREATE INDEX conversations_open_by_assignee ON conversations (tenant_id, assignee_id) WHERE status = 'open';
  CREATE INDEX conversations_by_team ON conversations (tenant_id, team_id, updated_at DESC, id DESC);
  CREATE INDEX conversations_assigned_by_contact ON conversations (tenant_id, contact_id, assigned_at)
    WHERE assignee_id IS NOT NULL;
  `,
  // 3: agent tools. Transfers on offer, labels of conversations, blocked contacts, canned responses,
  // labels, custom contact fields, blocked IP addresses, satisfaction ratings, and the full-text
  // index of search (filled here from the existing entries and contacts).
  `
  ALTER TABLE conversations ADD COLUMN pending_transfer_to TEXT;
  ALTER TABLE contacts ADD COLUMN blocked INTEGER NOT NULL DEFAULT 0 CHECK (blocked IN (0, 1));

  -- For foreign keys that keep a conversation's labels and rating inside its tenant.
  CREATE UNIQUE INDEX conversations_by_tenant_and_id ON conversations (tenant_id, id);
  -- The filters of the timers: assigned before, unanswered since the assignment, visitor quiet since.
  CREATE INDEX conversations_by_assigned_at ON conversations (tenant_id, status, assigned_at) WHERE assignee_id IS NOT NULL;
  CREATE INDEX conversations_by_visitor_quiet ON conversations (tenant_id, COALESCE(last_visitor_message_at, created_at));

  -- Names are unique per tenant whatever the case of their ASCII letters (NOCASE, as agent emails).
  CREATE TABLE labels (
    tenant_id   TEXT NOT NULL REFERENCES tenants (id),
    name        TEXT NOT NULL COLLATE NOCASE,
    color       TEXT NOT NULL,
    description TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (tenant_id, name)
  ) STRICT;

  -- label_name is the label's name as stored: a rename of its case rewrites it here.
  CREATE TABLE conversation_labels (
    tenant_id       TEXT NOT NULL,
    conversation_id TEXT NOT NULL,
    label_name      TEXT NOT NULL COLLATE NOCASE,
    PRIMARY KEY (conversation_id, label_name),
    FOREIGN KEY (tenant_id, conversation_id) REFERENCES conversations (tenant_id, id),
    FOREIGN KEY (tenant_id, label_name) REFERENCES labels (tenant_id, name) ON DELETE CASCADE
  ) STRICT, WITHOUT ROWID;
  CREATE INDEX conversation_labels_by_label ON conversation_labels (tenant_id, label_name, conversation_id);

  -- owner_id NULL: shared by the tenant. NULLs are distinct in a UNIQUE index, so the index takes
  -- COALESCE(owner_id, '') to make the tenant-wide responses one owner.
  CREATE TABLE canned_responses (
    id         TEXT PRIMARY KEY,
    tenant_id  TEXT NOT NULL REFERENCES tenants (id),
    owner_id   TEXT,
    shortcut   TEXT NOT NULL,
    text       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    FOREIGN KEY (tenant_id, owner_id) REFERENCES agents (tenant_id, id)
  ) STRICT;
  CREATE UNIQUE INDEX canned_responses_by_shortcut ON canned_responses (tenant_id, COALESCE(owner_id, ''), shortcut);

  CREATE TABLE custom_fields (
    tenant_id  TEXT NOT NULL REFERENCES tenants (id),
    key        TEXT NOT NULL,
    label      TEXT NOT NULL,
    type       TEXT NOT NULL CHECK (type IN ('text', 'number', 'date', 'boolean', 'list')),
    options    TEXT NOT NULL DEFAULT '[]' CHECK (json_type(options) = 'array'),
    created_at TEXT NOT NULL,
    PRIMARY KEY (tenant_id, key)
  ) STRICT;

  CREATE TABLE blocked_ips (
    tenant_id  TEXT NOT NULL REFERENCES tenants (id),
    ip         TEXT NOT NULL,
    reason     TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (tenant_id, ip)
  ) STRICT;

  -- One rating per conversation; agent_id has no foreign key, like assignee_id.
  CREATE TABLE csat (
    conversation_id TEXT PRIMARY KEY,
    tenant_id       TEXT NOT NULL,
    contact_id      TEXT NOT NULL REFERENCES contacts (id),
    agent_id        TEXT,
    rating          INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
    comment         TEXT NOT NULL CHECK (length(comment) <= 2000),
    created_at      TEXT NOT NULL,
    FOREIGN KEY (tenant_id, conversation_id) REFERENCES conversations (tenant_id, id)
  ) STRICT;
  CREATE INDEX csat_by_time ON csat (tenant_id, created_at);
  CREATE INDEX csat_by_agent ON csat (tenant_id, agent_id, created_at);

  -- Full-text search. Each index holds, under the rowid of its record, the tenant as one token
  -- (kefu_search_tenant) and the text as search-text.ts tokenizes it (kefu_search_text): CJK
  -- characters one by one, so that a word is a phrase. Contentless: the text stays in its table.
  -- Event entries are not indexed.
  CREATE VIRTUAL TABLE entries_fts USING fts5 (
    tenant, body, content = '', tokenize = "unicode61 remove_diacritics 0 categories 'L* N* Co M*'"
  );
  CREATE VIRTUAL TABLE contacts_fts USING fts5 (
    tenant, body, content = '', contentless_delete = 1, tokenize = "unicode61 remove_diacritics 0 categories 'L* N* Co M*'"
  );
  CREATE VIRTUAL TABLE labels_fts USING fts5 (
    tenant, body, content = '', contentless_delete = 1, tokenize = "unicode61 remove_diacritics 0 categories 'L* N* Co M*'"
  );
  INSERT INTO entries_fts (rowid, tenant, body)
    SELECT rowid, kefu_search_tenant(tenant_id), kefu_search_text(text) FROM entries WHERE kind <> 'event';
  INSERT INTO contacts_fts (rowid, tenant, body)
    SELECT rowid, kefu_search_tenant(tenant_id), kefu_contact_search_text(name, email, attributes) FROM contacts;
  `,
  // 4: uploads. The record of each uploaded file; its content is in the blob store under blob_key.
  `
  -- conversation_id: the conversation it was first sent in (NULL until sent); the composite key keeps
  -- it inside the tenant. uploader_id has no foreign key: a visitor's contact or an agent.
  CREATE TABLE uploads (
    id                 TEXT PRIMARY KEY,
    tenant_id          TEXT NOT NULL REFERENCES tenants (id),
    uploader_role      TEXT NOT NULL CHECK (uploader_role IN ('visitor', 'agent')),
    uploader_id        TEXT NOT NULL,
    name               TEXT NOT NULL,
    content_type       TEXT NOT NULL,
    size               INTEGER NOT NULL CHECK (size >= 0),
    sha256             TEXT NOT NULL,
    blob_key           TEXT NOT NULL,
    conversation_id    TEXT,
    visible_to_visitor INTEGER NOT NULL DEFAULT 0 CHECK (visible_to_visitor IN (0, 1)),
    created_at         TEXT NOT NULL,
    FOREIGN KEY (tenant_id, conversation_id) REFERENCES conversations (tenant_id, id)
  ) STRICT;
  CREATE INDEX uploads_by_conversation ON uploads (tenant_id, conversation_id) WHERE conversation_id IS NOT NULL;
  CREATE INDEX uploads_by_uploader ON uploads (tenant_id, uploader_id, created_at);
  `,
  // 5: message activity off the indexed columns (bench/FINDINGS.md §1 and §4). An append used to set
  // updated_at, a key of five indexes, so every message rewrote them all. Now a message moves only
  // unindexed columns (last_seq, last_message_at, last_agent_message_at) and, for a visitor's
  // message, last_visitor_message_at (the timers' conversations_by_visitor_quiet); updated_at moves
  // on creation and state changes only. The visitor hello lists a contact's conversations by
  // updated_at: an index for it, which also serves the other lookups by contact.
  `
  -- The created_at of the newest entry of the timeline, whatever its kind; NULL before the first.
  ALTER TABLE conversations ADD COLUMN last_message_at TEXT;
  UPDATE conversations SET last_message_at = (
    SELECT e.created_at FROM entries AS e WHERE e.conversation_id = conversations.id ORDER BY e.seq DESC LIMIT 1
  );

  -- Was (tenant_id, contact_id, inbox_id, created_at DESC) for the newest open conversation of a
  -- contact; a contact has few conversations (all in its inbox), so this one serves that lookup,
  -- lastAssigneeOfContact and the contact filter of search too.
  DROP INDEX conversations_by_contact;
  CREATE INDEX conversations_by_contact ON conversations (tenant_id, contact_id, updated_at DESC, id DESC);
  DROP INDEX conversations_assigned_by_contact;
  `,
  // 6: the bot. Versioned configurations (the whole BotConfig as JSON, exactly one active per tenant),
  // the trace of every bot turn, each conversation's dialogue state, and unanswered questions.
  `
  -- created_by has no foreign key, like assignee_id: removing an agent keeps the history.
  CREATE TABLE bot_versions (
    tenant_id  TEXT NOT NULL REFERENCES tenants (id),
    version    INTEGER NOT NULL CHECK (version >= 1),
    active     INTEGER NOT NULL DEFAULT 0 CHECK (active IN (0, 1)),
    config     TEXT NOT NULL,
    created_by TEXT,
    note       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (tenant_id, version)
  ) STRICT;
  CREATE UNIQUE INDEX bot_versions_one_active ON bot_versions (tenant_id) WHERE active = 1;

  -- The turn as JSON (its fields are read together, never filtered on); the keys beside it.
  CREATE TABLE bot_turns (
    tenant_id        TEXT NOT NULL,
    conversation_id  TEXT NOT NULL,
    message_entry_id TEXT NOT NULL,
    turn             TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    PRIMARY KEY (tenant_id, message_entry_id),
    FOREIGN KEY (tenant_id, conversation_id) REFERENCES conversations (tenant_id, id)
  ) STRICT;
  CREATE INDEX bot_turns_by_conversation ON bot_turns (tenant_id, conversation_id, created_at);

  CREATE TABLE dialogue_snapshots (
    tenant_id       TEXT NOT NULL,
    conversation_id TEXT NOT NULL,
    snapshot        TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    PRIMARY KEY (tenant_id, conversation_id),
    FOREIGN KEY (tenant_id, conversation_id) REFERENCES conversations (tenant_id, id)
  ) STRICT;

  -- resolved_at: when an admin made an entry of the question or dismissed it; NULL while open.
  CREATE TABLE unanswered_questions (
    id              TEXT PRIMARY KEY,
    tenant_id       TEXT NOT NULL,
    conversation_id TEXT NOT NULL,
    text            TEXT NOT NULL,
    scores          TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    resolved_at     TEXT,
    FOREIGN KEY (tenant_id, conversation_id) REFERENCES conversations (tenant_id, id)
  ) STRICT;
  CREATE INDEX unanswered_open ON unanswered_questions (tenant_id, created_at DESC) WHERE resolved_at IS NULL;
  `,
  // 7: the visitor's last visit (page, title, referrer, device, language), as the JSON of a ContactVisit.
  `
  ALTER TABLE contacts ADD COLUMN visit TEXT;
  `,
  // 8: the entries' search index is filled behind the writes, in chunks (sqlite-search-catch-up.ts):
  // indexed in the message's own transaction it rewrote the index's pages at every commit, a third
  // of an append's cost (bench/FINDINGS.md). The highest entry rowid looked at so far; every entry
  // before this migration was indexed by its write.
  `
  CREATE TABLE search_progress (
    name       TEXT PRIMARY KEY,
    last_rowid INTEGER NOT NULL
  ) STRICT;
  INSERT INTO search_progress (name, last_rowid) SELECT 'entries', COALESCE(max(rowid), 0) FROM entries;
  `,
  // 9: a word is indexed by its first 64 characters (search-text.ts, MAX_WORD_CHARS). The rows
  // whose indexed form that changes (a word longer than 64 characters) are taken out with what was
  // indexed for them and indexed again; entries past search_progress are not indexed yet. A
  // contentless table without contentless_delete deletes by the values that were indexed.
  `
  CREATE TEMP TABLE long_word_entries AS
    SELECT rowid, kefu_search_tenant(tenant_id) AS tenant, kefu_search_text_uncapped(text) AS old_body, kefu_search_text(text) AS body
    FROM entries
    WHERE kind <> 'event' AND octet_length(text) > 64
      AND rowid <= (SELECT last_rowid FROM search_progress WHERE name = 'entries')
      AND kefu_search_text_uncapped(text) <> kefu_search_text(text);
  INSERT INTO entries_fts (entries_fts, rowid, tenant, body) SELECT 'delete', rowid, tenant, old_body FROM long_word_entries;
  INSERT INTO entries_fts (rowid, tenant, body) SELECT rowid, tenant, body FROM long_word_entries;
  DROP TABLE long_word_entries;

  CREATE TEMP TABLE long_word_contacts AS
    SELECT rowid, kefu_search_tenant(tenant_id) AS tenant, kefu_contact_search_text(name, email, attributes) AS body
    FROM contacts
    WHERE kefu_contact_search_text_uncapped(name, email, attributes) <> kefu_contact_search_text(name, email, attributes);
  DELETE FROM contacts_fts WHERE rowid IN (SELECT rowid FROM long_word_contacts);
  INSERT INTO contacts_fts (rowid, tenant, body) SELECT rowid, tenant, body FROM long_word_contacts;
  DROP TABLE long_word_contacts;

  CREATE TEMP TABLE long_word_labels AS
    SELECT rowid, kefu_search_tenant(tenant_id) AS tenant, kefu_search_text(name) AS body
    FROM labels
    WHERE kefu_search_text_uncapped(name) <> kefu_search_text(name);
  DELETE FROM labels_fts WHERE rowid IN (SELECT rowid FROM long_word_labels);
  INSERT INTO labels_fts (rowid, tenant, body) SELECT rowid, tenant, body FROM long_word_labels;
  DROP TABLE long_word_labels;
  `,
];
