// The SQLite Store's bot records (migration 6): versions, turn traces, dialogue state, unanswered questions.
import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { BotConfig, BotTurn, BotVersion, DialogueSnapshot, UnansweredQuestion } from '../domain/bot.js';
import { asAgentId, asConversationId, asTenantId, type AgentId, type ConversationId, type TenantId } from '../domain/ids.js';
import type { BotStore } from '../ports/bot-store.js';
import type { Clock } from '../ports/clock.js';
import { nullable } from './sqlite-connection.js';
import type { GroupCommit } from './sqlite-group-commit.js';
import type { SearchCatchUpOptions } from './sqlite-search-catch-up.js';
import { SqliteUploads } from './sqlite-uploads.js';
import { LIMIT_PARAM } from './sqlite-limit.js';

interface VersionRow {
  tenant_id: string;
  version: number;
  active: number;
  created_by: string | null;
  note: string;
  created_at: string;
}

interface UnansweredRow {
  id: string;
  tenant_id: string;
  conversation_id: string;
  text: string;
  scores: string;
  created_at: string;
}

const toSummary = (r: VersionRow): Omit<BotVersion, 'config'> => ({
  tenantId: asTenantId(r.tenant_id),
  version: r.version,
  active: r.active === 1,
  createdAt: r.created_at,
  createdBy: r.created_by === null ? null : asAgentId(r.created_by),
  note: r.note,
});

// Rows are written by this adapter only, from values of these types, so the parses hold.
const toVersion = (r: VersionRow & { config: string }): BotVersion => ({ ...toSummary(r), config: JSON.parse(r.config) as BotConfig });

const toUnanswered = (r: UnansweredRow): UnansweredQuestion => ({
  id: r.id,
  tenantId: asTenantId(r.tenant_id),
  conversationId: asConversationId(r.conversation_id),
  text: r.text,
  scores: JSON.parse(r.scores) as UnansweredQuestion['scores'],
  createdAt: r.created_at,
});

const SUMMARY = 'tenant_id, version, active, created_by, note, created_at';

function prepareBotStatements(db: Database.Database) {
  return {
    maxVersion: db.prepare<[string], number | null>('SELECT max(version) FROM bot_versions WHERE tenant_id = ?').pluck(),
    deactivateAll: db.prepare<[string]>('UPDATE bot_versions SET active = 0 WHERE tenant_id = ? AND active = 1'),
    activate: db.prepare<[string, number]>('UPDATE bot_versions SET active = 1 WHERE tenant_id = ? AND version = ?'),
    exists: db.prepare<[string, number], number>('SELECT 1 FROM bot_versions WHERE tenant_id = ? AND version = ?').pluck(),
    insertVersion: db.prepare<[string, number, string, string | null, string, string]>(
      'INSERT INTO bot_versions (tenant_id, version, active, config, created_by, note, created_at) VALUES (?, ?, 1, ?, ?, ?, ?)',
    ),
    active: db.prepare<[string], VersionRow & { config: string }>(`SELECT ${SUMMARY}, config FROM bot_versions WHERE tenant_id = ? AND active = 1`),
    byVersion: db.prepare<[string, number], VersionRow & { config: string }>(`SELECT ${SUMMARY}, config FROM bot_versions WHERE tenant_id = ? AND version = ?`),
    list: db.prepare<[string, number], VersionRow>(`SELECT ${SUMMARY} FROM bot_versions WHERE tenant_id = ? ORDER BY version DESC ${LIMIT_PARAM}`),
    insertTurn: db.prepare<[string, string, string, string, string]>(
      `INSERT INTO bot_turns (tenant_id, conversation_id, message_entry_id, turn, created_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (tenant_id, message_entry_id) DO NOTHING`,
    ),
    turns: db.prepare<[string, string], string>('SELECT turn FROM bot_turns WHERE tenant_id = ? AND conversation_id = ? ORDER BY created_at, rowid').pluck(),
    snapshot: db.prepare<[string, string], string>('SELECT snapshot FROM dialogue_snapshots WHERE tenant_id = ? AND conversation_id = ?').pluck(),
    putSnapshot: db.prepare<[string, string, string, string]>(
      `INSERT INTO dialogue_snapshots (tenant_id, conversation_id, snapshot, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (tenant_id, conversation_id) DO UPDATE SET snapshot = excluded.snapshot, updated_at = excluded.updated_at`,
    ),
    insertUnanswered: db.prepare<[string, string, string, string, string, string]>(
      'INSERT INTO unanswered_questions (id, tenant_id, conversation_id, text, scores, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    unanswered: db.prepare<[string, number], UnansweredRow>(
      `SELECT id, tenant_id, conversation_id, text, scores, created_at FROM unanswered_questions
       WHERE tenant_id = ? AND resolved_at IS NULL ORDER BY created_at DESC, rowid DESC ${LIMIT_PARAM}`,
    ),
    resolve: db.prepare<[string, string, string]>('UPDATE unanswered_questions SET resolved_at = ? WHERE tenant_id = ? AND id = ? AND resolved_at IS NULL'),
  };
}

export abstract class SqliteBot extends SqliteUploads implements BotStore {
  protected readonly botSql: ReturnType<typeof prepareBotStatements>;

  protected constructor(db: Database.Database, clock: Clock, commit: GroupCommit, searchCatchUp: SearchCatchUpOptions) {
    super(db, clock, commit, searchCatchUp);
    this.botSql = prepareBotStatements(db);
  }

  saveBotVersion(tenantId: TenantId, input: { config: BotConfig; createdBy: AgentId | null; note: string }): Promise<BotVersion> {
    const json = JSON.stringify(input.config);
    // Numbering and the switch of the active flag in one write step: two saves never share a number.
    return this.write(() => {
      this.assertTenant(tenantId);
      const version = (this.botSql.maxVersion.get(tenantId) ?? 0) + 1;
      this.botSql.deactivateAll.run(tenantId);
      this.botSql.insertVersion.run(tenantId, version, json, input.createdBy, input.note, this.now());
      return toVersion(this.botSql.byVersion.get(tenantId, version)!);
    });
  }

  getActiveBotVersion(tenantId: TenantId): Promise<BotVersion | null> {
    return this.read(() => nullable(this.botSql.active.get(tenantId), toVersion));
  }

  getBotVersion(tenantId: TenantId, version: number): Promise<BotVersion | null> {
    return this.read(() => nullable(this.botSql.byVersion.get(tenantId, version), toVersion));
  }

  listBotVersions(tenantId: TenantId, limit: number): Promise<Array<Omit<BotVersion, 'config'>>> {
    return this.read(() => this.botSql.list.all(tenantId, limit).map(toSummary));
  }

  activateBotVersion(tenantId: TenantId, version: number): Promise<boolean> {
    return this.write(() => {
      if (this.botSql.exists.get(tenantId, version) === undefined) return false;
      // Two statements: the partial unique index would refuse a moment with two active rows.
      this.botSql.deactivateAll.run(tenantId);
      this.botSql.activate.run(tenantId, version);
      return true;
    });
  }

  async saveBotTurn(turn: BotTurn): Promise<void> {
    const json = JSON.stringify(turn);
    await this.write(() => this.botSql.insertTurn.run(turn.tenantId, turn.conversationId, turn.messageEntryId, json, turn.createdAt));
  }

  listBotTurns(tenantId: TenantId, conversationId: ConversationId): Promise<BotTurn[]> {
    return this.read(() => this.botSql.turns.all(tenantId, conversationId).map((json) => JSON.parse(json) as BotTurn));
  }

  getDialogueSnapshot(tenantId: TenantId, conversationId: ConversationId): Promise<DialogueSnapshot | null> {
    return this.read(() => nullable(this.botSql.snapshot.get(tenantId, conversationId), (json) => JSON.parse(json) as DialogueSnapshot));
  }

  async putDialogueSnapshot(tenantId: TenantId, conversationId: ConversationId, snapshot: DialogueSnapshot): Promise<void> {
    const json = JSON.stringify(snapshot);
    await this.write(() => this.botSql.putSnapshot.run(tenantId, conversationId, json, this.now()));
  }

  async recordUnanswered(question: Omit<UnansweredQuestion, 'id'>): Promise<void> {
    const scores = JSON.stringify(question.scores);
    await this.write(() =>
      this.botSql.insertUnanswered.run(randomUUID(), question.tenantId, question.conversationId, question.text, scores, question.createdAt),
    );
  }

  listUnanswered(tenantId: TenantId, limit: number): Promise<UnansweredQuestion[]> {
    return this.read(() => this.botSql.unanswered.all(tenantId, limit).map(toUnanswered));
  }

  resolveUnanswered(tenantId: TenantId, ids: readonly string[]): Promise<number> {
    return this.write(() => {
      const at = this.now();
      return ids.reduce((n, id) => n + this.botSql.resolve.run(at, tenantId, id).changes, 0);
    });
  }
}
