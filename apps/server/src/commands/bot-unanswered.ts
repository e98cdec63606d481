// Use cases of the questions the bot could not answer: see them grouped (agents), answer a group with a new entry or dismiss it (admins).
import type { BrainRegistry, PublishOutcome } from '../bot/brain-registry.js';
import { groupUnanswered, type UnansweredGroup } from '../bot/unanswered-groups.js';
import { AppError } from '../domain/app-error.js';
import type { KbEntry } from '../domain/bot.js';
import type { AgentPrincipal } from '../domain/principal.js';
import { basicNormalizer } from '../dialogue/normalize.js';
import type { Store } from '../ports/store.js';
import { requireAdmin } from './manage-tenant.js';

/** Open questions read for grouping: weeks of a busy shop, cheap to group. */
export const UNANSWERED_WINDOW = 2_000;

export async function unansweredGroups(store: Store, actor: AgentPrincipal, limit: number): Promise<UnansweredGroup[]> {
  return groupUnanswered(await store.listUnanswered(actor.tenantId, UNANSWERED_WINDOW)).slice(0, limit);
}

/**
 * Adds an entry made from open questions, as a new bot version, then takes the questions off the
 * list. The questions' wordings become the entry's similar questions unless it names its own
 * (one per normalized form, never repeating its question). A refused entry resolves nothing.
 */
export async function convertUnanswered(
  ctx: { store: Store; brains: Pick<BrainRegistry, 'update'> },
  actor: AgentPrincipal,
  questionIds: readonly string[],
  given: Readonly<Record<string, unknown>>,
): Promise<{ outcome: PublishOutcome; entry: KbEntry; resolved: number }> {
  requireAdmin(actor);
  const wanted = new Set(questionIds);
  const asked = (await ctx.store.listUnanswered(actor.tenantId, UNANSWERED_WINDOW)).filter((q) => wanted.has(q.id));
  if (asked.length === 0) throw new AppError('not_found', 'none of these questions is waiting for an answer');
  const seen = new Set([basicNormalizer.full(typeof given.question === 'string' ? given.question : '')]);
  const wordings = asked
    .map((q) => q.text.trim())
    .filter((t) => {
      const key = basicNormalizer.full(t);
      return !seen.has(key) && Boolean(seen.add(key));
    });
  // Checked with the whole config by the registry: a bad entry comes back as issues.
  const entry = { similar: wordings, ...given } as unknown as KbEntry;
  const outcome = await ctx.brains.update(
    actor.tenantId,
    (config) => {
      if (config.entries.some((e) => e.id === entry.id)) throw new AppError('conflict', `entry ${JSON.stringify(entry.id)} exists`);
      return { ...config, entries: [...config.entries, entry] };
    },
    actor.agentId,
    `answered ${asked.length} unanswered question(s) with entry ${String(entry.id)}`,
  );
  const resolved = outcome.kind === 'published' ? await ctx.store.resolveUnanswered(actor.tenantId, asked.map((q) => q.id)) : 0;
  return { outcome, entry, resolved };
}

export async function dismissUnanswered(store: Store, actor: AgentPrincipal, questionIds: readonly string[]): Promise<number> {
  requireAdmin(actor);
  return store.resolveUnanswered(actor.tenantId, questionIds);
}
