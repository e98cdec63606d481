// Search in SQLite: FTS5 indexes of entries, contacts and labels (migration 3), kept by the writes
// in their own transaction, and the queries over them. Text is tokenized by search-text.ts.
import type Database from 'better-sqlite3';
import { asConversationId, type ContactId, type ConversationId, type TenantId } from '../domain/ids.js';
import type { EntryKind } from '../domain/model.js';
import type { SearchHit, SearchResult } from '../ports/agent-tools-store.js';
import { contactSearchSource, ftsPhrase, MAX_WORD_CHARS, searchText, snippet } from './search-text.js';
import { toContact, type ContactRow } from './sqlite-rows.js';
import { LIMIT_NAMED, LIMIT_PARAM } from './sqlite-limit.js';

/** The tenant as one FTS5 token (letters and hex digits), so that a query stays inside it. */
export function tenantToken(tenantId: string): string {
  return `t${Buffer.from(tenantId, 'utf8').toString('hex')}`;
}

/** The text a contact is found by, tokenized; `attributes` is the stored JSON. */
function contactBody(name: string | null, email: string | null, attributes: string, maxWordChars?: number): string {
  return searchText(contactSearchSource({ name, email, attributes: JSON.parse(attributes) as Record<string, unknown> }), maxWordChars);
}

/**
 * The SQL functions the migrations fill the indexes with; deterministic, so SQLite may cache them.
 * The `_uncapped` ones give what was indexed before words were cut at MAX_WORD_CHARS, for
 * migration 9 to take those rows out.
 */
export function registerSearchFunctions(db: Database.Database): void {
  const options = { deterministic: true, varargs: false };
  const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
  db.function('kefu_search_tenant', options, (tenantId: unknown) => tenantToken(text(tenantId) ?? ''));
  for (const [suffix, maxWordChars] of [['', MAX_WORD_CHARS], ['_uncapped', Number.POSITIVE_INFINITY]] as const) {
    db.function(`kefu_search_text${suffix}`, options, (value: unknown) => searchText(text(value) ?? '', maxWordChars));
    db.function(`kefu_contact_search_text${suffix}`, options, (name: unknown, email: unknown, attributes: unknown) =>
      contactBody(text(name), text(email), text(attributes) ?? '{}', maxWordChars),
    );
  }
}

/** The FTS5 query for a user's text within a tenant, or null when the text has nothing to find. */
export function matchQuery(tenantId: string, query: string): string | null {
  const phrase = ftsPhrase(query);
  return phrase === null ? null : `tenant : "${tenantToken(tenantId)}" AND body : ${phrase}`;
}

interface SearchParams {
  tenantId: string;
  match: string;
  contactId: string | null;
  limit: number;
}

/** The search statements, exported for the query plan test. */
export const SEARCH_SQL = {
  entries: `SELECT e.conversation_id, e.seq, e.text FROM entries_fts
    JOIN entries AS e ON e.rowid = entries_fts.rowid
    WHERE entries_fts MATCH @match AND e.tenant_id = @tenantId
      AND (@contactId IS NULL OR e.conversation_id IN (SELECT id FROM conversations WHERE tenant_id = @tenantId AND contact_id = @contactId))
    ORDER BY e.created_at DESC, e.rowid DESC ${LIMIT_NAMED}`,
  contacts: `SELECT c.* FROM contacts_fts
    JOIN contacts AS c ON c.rowid = contacts_fts.rowid
    WHERE contacts_fts MATCH @match AND c.tenant_id = @tenantId AND (@contactId IS NULL OR c.id = @contactId)
    ORDER BY c.created_at DESC, c.rowid DESC ${LIMIT_NAMED}`,
  labelled: `SELECT c.id FROM conversations AS c
    WHERE c.tenant_id = @tenantId AND (@contactId IS NULL OR c.contact_id = @contactId)
      AND c.id IN (
        SELECT cl.conversation_id FROM labels_fts
        JOIN labels AS l ON l.rowid = labels_fts.rowid
        JOIN conversation_labels AS cl ON cl.tenant_id = l.tenant_id AND cl.label_name = l.name
        WHERE labels_fts MATCH @match AND l.tenant_id = @tenantId)
    ORDER BY c.updated_at DESC, c.id DESC ${LIMIT_NAMED}`,
};

export class SqliteSearchIndex {
  readonly #sql;

  constructor(db: Database.Database) {
    this.#sql = {
      indexEntry: db.prepare<{ rowid: number | bigint; tenant: string; body: string }>(
        'INSERT INTO entries_fts (rowid, tenant, body) VALUES (@rowid, @tenant, @body)',
      ),
      entriesProgress: db.prepare<[], number>("SELECT last_rowid FROM search_progress WHERE name = 'entries'").pluck(),
      setEntriesProgress: db.prepare<[number]>("UPDATE search_progress SET last_rowid = ? WHERE name = 'entries'"),
      // octet_length, not length: a text's size in bytes is in its record's header, while counting
      // its characters reads all of it (8.8 against 0.12 ms for 200 texts of 48 KiB).
      sizesAfter: db.prepare<[number, number], { rowid: number; bytes: number }>(
        `SELECT rowid, octet_length(text) AS bytes FROM entries WHERE rowid > ? ORDER BY rowid ${LIMIT_PARAM}`,
      ),
      entriesBetween: db.prepare<[number, number], { rowid: number; tenant_id: string; kind: EntryKind; text: string }>(
        'SELECT rowid, tenant_id, kind, text FROM entries WHERE rowid > ? AND rowid <= ? ORDER BY rowid',
      ),
      unindexContact: db.prepare<[string, string]>('DELETE FROM contacts_fts WHERE rowid = (SELECT rowid FROM contacts WHERE tenant_id = ? AND id = ?)'),
      indexContact: db.prepare<{ tenantId: string; id: string; tenant: string; body: string }>(
        'INSERT INTO contacts_fts (rowid, tenant, body) SELECT rowid, @tenant, @body FROM contacts WHERE tenant_id = @tenantId AND id = @id',
      ),
      unindexLabel: db.prepare<[string, string]>('DELETE FROM labels_fts WHERE rowid = (SELECT rowid FROM labels WHERE tenant_id = ? AND name = ?)'),
      indexLabel: db.prepare<{ tenantId: string; name: string; tenant: string; body: string }>(
        'INSERT INTO labels_fts (rowid, tenant, body) SELECT rowid, @tenant, @body FROM labels WHERE tenant_id = @tenantId AND name = @name',
      ),
      entries: db.prepare<SearchParams, { conversation_id: string; seq: number; text: string }>(SEARCH_SQL.entries),
      contacts: db.prepare<SearchParams, ContactRow>(SEARCH_SQL.contacts),
      labelled: db.prepare<SearchParams, string>(SEARCH_SQL.labelled).pluck(),
    };
  }

  /**
   * Indexes the entries stored since the last call, in rowid order (events are not searched), up
   * to `limit` entries or once `maxBytes` of text (UTF-8) are indexed (at least one entry), and
   * records how far it got. Returns true when nothing is left to index. Call inside a write
   * transaction.
   */
  indexNewEntries(limit: number, maxBytes: number): boolean {
    const from = this.#sql.entriesProgress.get() ?? 0;
    // The chunk is cut by the texts' sizes before any text is read: long messages come a few at
    // a time (200 of 48 KiB in one transaction held the event loop for hundreds of ms, bench B10).
    const sizes = this.#sql.sizesAfter.all(from, limit);
    let bytes = 0;
    let taken = 0;
    for (const { bytes: size } of sizes) {
      if (taken > 0 && bytes + size > maxBytes) break;
      bytes += size;
      taken += 1;
    }
    const last = sizes[taken - 1]?.rowid;
    if (last === undefined) return true;
    for (const row of this.#sql.entriesBetween.all(from, last)) {
      if (row.kind === 'event') continue;
      this.#sql.indexEntry.run({ rowid: row.rowid, tenant: tenantToken(row.tenant_id), body: searchText(row.text) });
    }
    this.#sql.setEntriesProgress.run(last);
    return taken === sizes.length && sizes.length < limit;
  }

  /**
   * Call in the transaction that created (`created`) or changed the contact, after the change. A
   * contact with nothing to find it by (an anonymous visitor: no name, email or attribute) has no
   * row: no query can match an empty text, and most new contacts are such visitors.
   */
  indexContact(row: ContactRow, created = false): void {
    if (!created) this.#sql.unindexContact.run(row.tenant_id, row.id);
    const body = contactBody(row.name, row.email, row.attributes);
    if (body === '') return;
    this.#sql.indexContact.run({ tenantId: row.tenant_id, id: row.id, tenant: tenantToken(row.tenant_id), body });
  }

  /** Call after storing the label under this name. */
  indexLabel(tenantId: TenantId, name: string): void {
    this.#sql.unindexLabel.run(tenantId, name);
    this.#sql.indexLabel.run({ tenantId, name, tenant: tenantToken(tenantId), body: searchText(name) });
  }

  /** Call before deleting the label. */
  unindexLabel(tenantId: TenantId, name: string): void {
    this.#sql.unindexLabel.run(tenantId, name);
  }

  search(tenantId: TenantId, query: string, options: { limit: number; contactId?: ContactId }): SearchResult {
    const match = matchQuery(tenantId, query);
    if (match === null) return { messages: [], contacts: [], labelled: [] };
    const params: SearchParams = { tenantId, match, contactId: options.contactId ?? null, limit: Math.min(Math.max(Math.trunc(options.limit), 1), 500) };
    const messages = this.#sql.entries.all(params).map(
      (r): SearchHit => ({ conversationId: asConversationId(r.conversation_id), seq: r.seq, snippet: snippet(r.text, query) }),
    );
    const contacts = this.#sql.contacts.all(params).map(toContact);
    const labelled: ConversationId[] = this.#sql.labelled.all(params).map(asConversationId);
    return { messages, contacts, labelled };
  }
}
