// What every command needs: the store (the source of truth), the bus and the clock; and, where
// a bot runs, the gate that says whether it takes a visitor's conversation.
import type { InboxId, TenantId } from '../domain/ids.js';
import type { BotGate } from '../ports/bot-gate.js';
import type { Bus } from '../ports/bus.js';
import type { Clock } from '../ports/clock.js';
import type { Store } from '../ports/store.js';

export interface CommandContext {
  store: Store;
  bus: Bus;
  clock: Clock;
  /** Absent: no bot, every new conversation is queued for people. */
  bot?: BotGate;
}

/** The status a visitor's new or reopened conversation starts in: the bot's, or the queue's. */
export async function firstStatusFor(ctx: CommandContext, visitor: { tenantId: TenantId; inboxId: InboxId }): Promise<'bot' | 'queued'> {
  return ctx.bot && (await ctx.bot.takesConversations(visitor.tenantId, visitor.inboxId)) ? 'bot' : 'queued';
}
