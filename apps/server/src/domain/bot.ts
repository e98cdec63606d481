// The bot's records: what an admin configures (versioned), and what every bot turn leaves behind.
import type { AgentId, ConversationId, EntryId, InboxId, TeamId, TenantId } from './ids.js';

/** One answerable question with the other ways visitors ask it (the import format's fields). */
export interface KbEntry {
  readonly id: string;
  readonly question: string;
  readonly similar: readonly string[];
  readonly answer: string;
  readonly tags?: readonly string[];
  /** Absent means enabled. */
  readonly enabled?: boolean;
}

/** How the bot behaves in conversations; every field has a default (`DEFAULT_BOT_SETTINGS`). */
export interface BotSettings {
  /** Whether the bot takes new conversations at all. */
  readonly enabled: boolean;
  /** Inboxes where it takes new conversations; null: every inbox of the tenant. */
  readonly inboxIds: readonly InboxId[] | null;
  /** Team a handoff goes to when nothing names one; null: the conversation's own team or the pool. */
  readonly handoffTeamId: TeamId | null;
  /** The bot's display name in the timeline. */
  readonly name: string;
  readonly fallbackText: string;
  /** Introduces the "did you mean" options. */
  readonly clarifyText: string;
  /** Said when the bot hands over to a person. */
  readonly handoffText: string;
}

export const DEFAULT_BOT_SETTINGS: Readonly<BotSettings> = Object.freeze({
  enabled: true,
  inboxIds: null,
  handoffTeamId: null,
  name: '小助手 Assistant',
  fallbackText: '抱歉，我没有理解您的问题。您可以换个说法，或输入"人工"联系客服。 Sorry, I did not get that; rephrase it, or type "agent" to talk to a person.',
  clarifyText: '您是想问以下哪个问题？ Did you mean:',
  handoffText: '正在为您转接人工客服，请稍候。 Connecting you to a person, one moment please.',
});

/** Everything that makes up a bot, saved and rolled back as one version. */
export interface BotConfig {
  readonly entries: readonly KbEntry[];
  /** Keyword and regex rules (see dialogue/rules/rule.ts); kept as data, validated on save. */
  readonly rules: readonly unknown[];
  /** Flow definitions (see dialogue/flows); kept as data, validated on save. */
  readonly flows: readonly unknown[];
  /** Overrides of the decision thresholds (see dialogue/decision.ts). */
  readonly decision: Readonly<Record<string, number>>;
  readonly settings: BotSettings;
}

export interface BotVersion {
  readonly tenantId: TenantId;
  readonly version: number;
  readonly active: boolean;
  readonly createdAt: string;
  readonly createdBy: AgentId | null;
  readonly note: string;
  readonly config: BotConfig;
}

/** The trace of one bot turn: why it answered what it did; agents open it in the workbench. */
export interface BotTurn {
  readonly tenantId: TenantId;
  readonly conversationId: ConversationId;
  /** The visitor message this turn answers. */
  readonly messageEntryId: EntryId;
  /** The bot's reply entries (none for a silent turn). */
  readonly replyEntryIds: readonly EntryId[];
  /** The bot version that answered. */
  readonly botVersion: number;
  /** 'flow' when a flow handled the message; else the engine's stage. */
  readonly stage: 'handoff' | 'rule' | 'semantic' | 'flow';
  readonly decision: 'answer' | 'clarify' | 'fallback' | 'handoff' | 'flow';
  readonly ruleId: string | null;
  readonly entryId: string | null;
  readonly flowId: string | null;
  /** Best semantic scores, best first. */
  readonly scores: ReadonlyArray<{ readonly entryId: string; readonly score: number }>;
  readonly thresholds: { readonly answer: number; readonly clarify: number; readonly margin: number };
  /** Anything else a stage wants an admin to see (sentiment, handoff reason, flow step, LLM use). */
  readonly detail: Readonly<Record<string, unknown>>;
  readonly latencyMs: number;
  readonly createdAt: string;
}

/** What the bot keeps per conversation between visitor messages. */
export interface DialogueSnapshot {
  readonly consecutiveFallbacks: number;
  /** The flow under way, with its own state; null when none. */
  readonly flow: { readonly flowId: string; readonly state: unknown } | null;
}

export interface UnansweredQuestion {
  readonly id: string;
  readonly tenantId: TenantId;
  readonly conversationId: ConversationId;
  readonly text: string;
  /** Best guesses at the time, best first. */
  readonly scores: ReadonlyArray<{ readonly entryId: string; readonly score: number }>;
  readonly createdAt: string;
}
