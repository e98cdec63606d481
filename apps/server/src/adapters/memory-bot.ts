// The in-memory Store's bot records: versions, turn traces, dialogue state, unanswered questions, each copied in and out.
import { randomUUID } from 'node:crypto';
import type { BotConfig, BotTurn, BotVersion, DialogueSnapshot, UnansweredQuestion } from '../domain/bot.js';
import type { AgentId, ConversationId, TenantId } from '../domain/ids.js';
import type { BotStore } from '../ports/bot-store.js';
import { MemoryUploads } from './memory-uploads.js';

interface StoredQuestion {
  question: UnansweredQuestion;
  resolved: boolean;
}

const key = (tenantId: TenantId, id: string): string => `${tenantId}\u0000${id}`;

export abstract class MemoryBot extends MemoryUploads implements BotStore {
  /** Versions of each tenant, oldest first. */
  readonly #versions = new Map<TenantId, BotVersion[]>();
  /** By key(tenant, message entry id), in save order. */
  readonly #turns = new Map<string, BotTurn>();
  readonly #snapshots = new Map<string, DialogueSnapshot>();
  /** In record order. */
  readonly #questions: StoredQuestion[] = [];

  async saveBotVersion(tenantId: TenantId, input: { config: BotConfig; createdBy: AgentId | null; note: string }): Promise<BotVersion> {
    this.assertOpen();
    this.assertTenant(tenantId);
    const list = this.#versions.get(tenantId) ?? [];
    const saved: BotVersion = {
      tenantId,
      version: (list.at(-1)?.version ?? 0) + 1,
      active: true,
      createdAt: this.now(),
      createdBy: input.createdBy,
      note: input.note,
      config: structuredClone(input.config),
    };
    this.#versions.set(tenantId, [...list.map((v) => ({ ...v, active: false })), saved]);
    return structuredClone(saved);
  }

  async getActiveBotVersion(tenantId: TenantId): Promise<BotVersion | null> {
    this.assertOpen();
    const found = this.#versions.get(tenantId)?.find((v) => v.active);
    return found ? structuredClone(found) : null;
  }

  async getBotVersion(tenantId: TenantId, version: number): Promise<BotVersion | null> {
    this.assertOpen();
    const found = this.#versions.get(tenantId)?.find((v) => v.version === version);
    return found ? structuredClone(found) : null;
  }

  async listBotVersions(tenantId: TenantId, limit: number): Promise<Array<Omit<BotVersion, 'config'>>> {
    this.assertOpen();
    return [...(this.#versions.get(tenantId) ?? [])]
      .reverse()
      .slice(0, limit)
      .map(({ config: _config, ...summary }) => summary);
  }

  async activateBotVersion(tenantId: TenantId, version: number): Promise<boolean> {
    this.assertOpen();
    const list = this.#versions.get(tenantId) ?? [];
    if (!list.some((v) => v.version === version)) return false;
    this.#versions.set(tenantId, list.map((v) => ({ ...v, active: v.version === version })));
    return true;
  }

  async saveBotTurn(turn: BotTurn): Promise<void> {
    this.assertOpen();
    const k = key(turn.tenantId, turn.messageEntryId);
    if (!this.#turns.has(k)) this.#turns.set(k, structuredClone(turn));
  }

  async listBotTurns(tenantId: TenantId, conversationId: ConversationId): Promise<BotTurn[]> {
    this.assertOpen();
    const turns = [...this.#turns.values()].filter((t) => t.tenantId === tenantId && t.conversationId === conversationId);
    // Stable sort: equal times keep save order, as SQLite's rowid does.
    return turns.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0)).map((t) => structuredClone(t));
  }

  async getDialogueSnapshot(tenantId: TenantId, conversationId: ConversationId): Promise<DialogueSnapshot | null> {
    this.assertOpen();
    const found = this.#snapshots.get(key(tenantId, conversationId));
    return found ? structuredClone(found) : null;
  }

  async putDialogueSnapshot(tenantId: TenantId, conversationId: ConversationId, snapshot: DialogueSnapshot): Promise<void> {
    this.assertOpen();
    this.#snapshots.set(key(tenantId, conversationId), structuredClone(snapshot));
  }

  async recordUnanswered(question: Omit<UnansweredQuestion, 'id'>): Promise<void> {
    this.assertOpen();
    this.#questions.push({ question: { ...structuredClone(question), id: randomUUID() }, resolved: false });
  }

  async listUnanswered(tenantId: TenantId, limit: number): Promise<UnansweredQuestion[]> {
    this.assertOpen();
    const open = this.#questions.filter((q) => !q.resolved && q.question.tenantId === tenantId).map((q) => q.question);
    // Newest first; among equal times the later recorded first, as SQLite orders by rowid.
    const ordered = open.reverse().sort((a, b) => (a.createdAt > b.createdAt ? -1 : a.createdAt < b.createdAt ? 1 : 0));
    return ordered.slice(0, limit).map((q) => structuredClone(q));
  }

  async resolveUnanswered(tenantId: TenantId, ids: readonly string[]): Promise<number> {
    this.assertOpen();
    const wanted = new Set(ids);
    let changed = 0;
    for (const q of this.#questions) {
      if (!q.resolved && q.question.tenantId === tenantId && wanted.has(q.question.id)) {
        q.resolved = true;
        changed++;
      }
    }
    return changed;
  }
}
