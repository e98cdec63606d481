// The bot in conversations: answers every visitor message of a conversation it holds, through the
// same idempotent append as everyone's (keys derived from the message answered, so a replayed
// event stores one answer), keeps a trace of each turn, and hands over to routing when it should.
import type { BotSettings } from '../domain/bot.js';
import type { ConversationId, TenantId } from '../domain/ids.js';
import type { Conversation, Entry } from '../domain/model.js';
import { templateLookup } from '../domain/template.js';
import type { Logger } from '../log.js';
import type { BotGate } from '../ports/bot-gate.js';
import type { Bus, BusEvent } from '../ports/bus.js';
import type { Clock } from '../ports/clock.js';
import type { Store } from '../ports/store.js';
import type { FlowRuntime } from '../dialogue/flows/run-flow.js';
import type { BotBrains, Brain } from './brain.js';
import { repliesFor, type BotReply } from './compose-reply.js';
import { FlowDriver } from './flow-driver.js';
import { BotActions, botParticipant } from './bot-actions.js';
import { EMPTY_SNAPSHOT, turnRecord } from './turn-record.js';

export interface BotResponderDeps {
  store: Store;
  bus: Bus;
  clock: Clock;
  log: Logger;
  brains: BotBrains;
  /** How flows reach business systems; asked per flow turn, since a node knows its own address only once listening. */
  flowRuntime: () => FlowRuntime;
}

/** Bot conversations looked at per tenant after a start, newest first. */
const RECOVERY_BATCH = 500;
/** Entries read from the end of each. */
const RECOVERY_TAIL = 5;

export class BotResponder implements BotGate {
  /** One chain of work per conversation, so that its messages are answered in order. */
  private readonly lanes = new Map<ConversationId, Promise<void>>();
  private readonly actions: BotActions;
  private readonly flows: FlowDriver;
  private unsubscribe: (() => void) | null = null;
  private stopped = false;

  constructor(private readonly deps: BotResponderDeps) {
    this.actions = new BotActions(deps);
    this.flows = new FlowDriver(deps.flowRuntime);
  }

  start(): void {
    this.unsubscribe = this.deps.bus.subscribe((event) => this.onEvent(event));
    void this.recover().catch((error: unknown) => this.deps.log.error('bot recovery failed', { error }));
  }

  /**
   * After a crash, a visitor's last message may be stored without the bot's answer: answers it.
   * Keys derived from the message make this safe to run while other nodes do the same.
   */
  async recover(): Promise<void> {
    const { store } = this.deps;
    for (const tenant of await store.listTenants()) {
      const waiting = await store.listConversations(tenant.id, { status: ['bot'], limit: RECOVERY_BATCH });
      for (const conversation of waiting) {
        if (this.stopped) return;
        const tail = await store.readTimeline(tenant.id, conversation.id, Math.max(0, conversation.lastSeq - RECOVERY_TAIL), RECOVERY_TAIL);
        const last = tail.at(-1);
        if (last && last.sender.role === 'visitor' && (last.kind === 'text' || last.kind === 'file')) {
          this.enqueue(conversation.id, () => this.answer(tenant.id, conversation.id, last));
        }
      }
    }
  }

  /** Stops taking messages and waits for the turns under way, so none writes after the store closes. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    this.unsubscribe = null;
    await Promise.all([...this.lanes.values()]);
  }

  async takesConversations(tenantId: TenantId, inboxId: Conversation['inboxId']): Promise<boolean> {
    const brain = await this.brainOf(tenantId);
    const settings = brain?.config.settings;
    return settings !== undefined && settings.enabled && (settings.inboxIds === null || settings.inboxIds.includes(inboxId));
  }

  /** Resolves once every turn queued so far has finished (tests and drains wait on it). */
  async idle(): Promise<void> {
    while (this.lanes.size > 0) await Promise.all([...this.lanes.values()]);
  }

  private onEvent(event: BusEvent): void {
    if (this.stopped || event.type !== 'entry.appended' || event.visitorOnly) return;
    const { entry, conversation } = event;
    if (entry.sender.role !== 'visitor' || conversation.status !== 'bot') return;
    if (entry.kind !== 'text' && entry.kind !== 'file') return;
    this.enqueue(conversation.id, () => this.answer(event.tenantId, conversation.id, entry));
  }

  private enqueue(conversationId: ConversationId, task: () => Promise<void>): void {
    const previous = this.lanes.get(conversationId) ?? Promise.resolve();
    const next = previous
      .then(task)
      .catch((error: unknown) => this.deps.log.error('bot turn failed', { error, conversationId }))
      .finally(() => {
        if (this.lanes.get(conversationId) === next) this.lanes.delete(conversationId);
      });
    this.lanes.set(conversationId, next);
  }

  private async brainOf(tenantId: TenantId): Promise<Brain | null> {
    try {
      return await this.deps.brains.current(tenantId);
    } catch (error) {
      this.deps.log.error('bot brain unavailable', { error, tenantId });
      return null;
    }
  }

  private async answer(tenantId: TenantId, conversationId: ConversationId, message: Entry): Promise<void> {
    const started = performance.now();
    const { store } = this.deps;
    const conversation = await store.getConversation(tenantId, conversationId);
    // An agent may have taken it over since the message arrived: then the bot keeps quiet.
    if (!conversation || conversation.status !== 'bot') return;
    const brain = await this.brainOf(tenantId);
    const [contact, saved] = await Promise.all([store.getContact(tenantId, conversation.contactId), store.getDialogueSnapshot(tenantId, conversationId)]);
    if (!brain || !brain.config.settings.enabled) {
      // Switched off (or broken) with conversations in its hands: people take them.
      await this.actions.handOver({ conversation, message, contact, brain, reason: 'no_bot', guesses: [], team: null, flowSummary: undefined });
      return;
    }
    const settings = brain.config.settings;
    const snapshot = saved ?? EMPTY_SNAPSHOT;
    const understanding = await brain.engine.understand(message.text, { consecutiveFallbacks: snapshot.consecutiveFallbacks });
    const lookup = templateLookup({ contact: contact ?? { name: null, email: null, attributes: {} }, agent: { name: settings.name }, conversation });
    const flowTurn = await this.flows.turn({ brain, snapshot, understanding, text: message.text, contact });

    // A flow under way (or one this message starts) speaks instead of the engine's decision.
    const replies = flowTurn ? flowTurn.replies : repliesFor(understanding.decision, { entry: (id) => brain.engine.entry(id), settings, lookup });
    const posted = await this.post(conversation, message, replies, settings);
    // Nothing new stored: this event was handled before (a replay, or another node). Its turn,
    // state and handoff are already done or being done there.
    if (posted.length > 0 && posted.every((p) => !p.created)) return;

    const decision = understanding.decision;
    const handoff = flowTurn
      ? flowTurn.handoff
      : decision.kind === 'handoff'
        ? { reason: decision.reason, team: null, summary: undefined }
        : undefined;
    await this.actions.applyFlowEffects(conversation, flowTurn?.actions ?? [], settings);
    await store.putDialogueSnapshot(tenantId, conversationId, {
      consecutiveFallbacks: flowTurn ? 0 : understanding.state.consecutiveFallbacks,
      flow: flowTurn?.state ? { flowId: flowTurn.flowId, state: flowTurn.state } : null,
    });
    if (!flowTurn && (decision.kind === 'fallback' || (decision.kind === 'handoff' && decision.reason === 'repeated_fallback'))) {
      await store.recordUnanswered({ tenantId, conversationId, text: message.text, scores: understanding.trace.scores, createdAt: new Date(this.deps.clock.now()).toISOString() });
    }
    if (handoff) {
      await this.actions.handOver({ conversation, message, contact, brain, reason: handoff.reason, guesses: understanding.trace.scores, team: handoff.team, flowSummary: handoff.summary });
    }
    await store.saveBotTurn(turnRecord({ tenantId, conversationId, message, brain, understanding, flow: flowTurn, replyIds: posted.map((p) => p.entry.id), latencyMs: performance.now() - started, now: this.deps.clock.now() }));
  }

  private async post(conversation: Conversation, message: Entry, replies: readonly BotReply[], settings: BotSettings) {
    const sender = botParticipant(settings);
    const posted = [];
    for (const [i, reply] of replies.entries()) {
      const result = await this.actions.post(conversation, {
        sender,
        clientMsgId: `bot:${message.id}:${i}`,
        kind: reply.card ? 'card' : 'text',
        text: reply.text,
        data: replyData(reply),
      });
      if (result) posted.push(result);
    }
    return posted;
  }
}

/** What goes into an entry's `data` besides the text: buttons and a card, when there are any. */
function replyData(reply: BotReply): Record<string, unknown> | null {
  const data = {
    ...(reply.quickReplies && reply.quickReplies.length > 0 ? { quickReplies: reply.quickReplies } : {}),
    ...(reply.card ? { card: reply.card } : {}),
  };
  return Object.keys(data).length > 0 ? data : null;
}
