// What one bot turn leaves behind: its trace record.
import type { BotTurn, DialogueSnapshot } from '../domain/bot.js';
import type { ConversationId, EntryId, TenantId } from '../domain/ids.js';
import type { Entry } from '../domain/model.js';
import type { Understanding } from '../dialogue/engine.js';
import type { Brain } from './brain.js';
import type { FlowTurn } from './flow-driver.js';

export const EMPTY_SNAPSHOT: DialogueSnapshot = Object.freeze({ consecutiveFallbacks: 0, flow: null });

export interface TurnFacts {
  readonly tenantId: TenantId;
  readonly conversationId: ConversationId;
  readonly message: Entry;
  readonly brain: Brain;
  readonly understanding: Understanding;
  /** The flow that spoke instead of the engine's decision, if one did. */
  readonly flow: FlowTurn | null;
  readonly replyIds: readonly EntryId[];
  readonly latencyMs: number;
  /** Epoch milliseconds. */
  readonly now: number;
}

export function turnRecord(facts: TurnFacts): BotTurn {
  const { trace, decision } = facts.understanding;
  const { flow } = facts;
  return {
    tenantId: facts.tenantId,
    conversationId: facts.conversationId,
    messageEntryId: facts.message.id,
    replyEntryIds: facts.replyIds,
    botVersion: facts.brain.version,
    stage: flow ? 'flow' : trace.stage,
    decision: flow ? 'flow' : trace.decision,
    ruleId: trace.ruleId ?? null,
    entryId: trace.entryId ?? null,
    flowId: flow?.flowId ?? null,
    scores: trace.scores,
    thresholds: trace.thresholds,
    detail: {
      normalized: trace.normalized,
      sentiment: trace.sentiment,
      engineDecision: trace.decision,
      engineLatencyMs: round(trace.latencyMs),
      ...(decision.kind === 'handoff' ? { handoffReason: decision.reason, ...(decision.detail ? { handoffDetail: decision.detail } : {}) } : {}),
      ...(flow ? { flowSteps: flow.steps, flowEnded: flow.state === null, ...(flow.handoff ? { handoffReason: 'flow' } : {}) } : {}),
    },
    latencyMs: round(facts.latencyMs),
    createdAt: new Date(facts.now).toISOString(),
  };
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
