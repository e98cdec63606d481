// The bot's data: versioned configurations (knowledge base, rules, flows, thresholds, settings),
// the trace of every bot turn, each conversation's dialogue state, and unanswered questions.
import type { AgentId, ConversationId, TenantId } from '../domain/ids.js';
import type { BotConfig, BotTurn, BotVersion, DialogueSnapshot, UnansweredQuestion } from '../domain/bot.js';

export interface BotStore {
  /**
   * Stores a new version (number = previous highest + 1) and makes it the active one, in one step.
   * The caller validated the config first.
   */
  saveBotVersion(tenantId: TenantId, input: { config: BotConfig; createdBy: AgentId | null; note: string }): Promise<BotVersion>;
  /** The active version, or null when the tenant has never configured a bot. */
  getActiveBotVersion(tenantId: TenantId): Promise<BotVersion | null>;
  getBotVersion(tenantId: TenantId, version: number): Promise<BotVersion | null>;
  /** Newest first, without their configs (which can be large). */
  listBotVersions(tenantId: TenantId, limit: number): Promise<Array<Omit<BotVersion, 'config'>>>;
  /** Makes an earlier (or later) version the active one again: rollback. False when it does not exist. */
  activateBotVersion(tenantId: TenantId, version: number): Promise<boolean>;

  /** One per visitor message the bot handled; a repeat with the same `messageEntryId` keeps the first. */
  saveBotTurn(turn: BotTurn): Promise<void>;
  /** Oldest first. */
  listBotTurns(tenantId: TenantId, conversationId: ConversationId): Promise<BotTurn[]>;

  getDialogueSnapshot(tenantId: TenantId, conversationId: ConversationId): Promise<DialogueSnapshot | null>;
  putDialogueSnapshot(tenantId: TenantId, conversationId: ConversationId, snapshot: DialogueSnapshot): Promise<void>;

  /** Records a question the bot could not answer (fallback or repeated-fallback handoff). */
  recordUnanswered(question: Omit<UnansweredQuestion, 'id'>): Promise<void>;
  /** Newest first; `resolved` ones (turned into an entry or dismissed) are left out. */
  listUnanswered(tenantId: TenantId, limit: number): Promise<UnansweredQuestion[]>;
  /** Marks questions handled (an admin made an entry of them, or dismissed them). */
  resolveUnanswered(tenantId: TenantId, ids: readonly string[]): Promise<number>;
}
