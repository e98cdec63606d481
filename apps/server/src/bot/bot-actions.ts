// What the bot does to a conversation besides talking: hand it over to people (with a summary
// for the agent), set a contact attribute, tag it. Each step is idempotent or keyed by the
// message it answers, so a replayed turn changes nothing twice.
import { applyTransition } from '../commands/apply-transition.js';
import { postEntry, type PostDraft } from '../commands/post-entry.js';
import { announceOfflineIfClosed } from '../commands/visitor-gate.js';
import type { BotSettings } from '../domain/bot.js';
import type { TeamId } from '../domain/ids.js';
import type { Contact, Conversation, Entry, Participant } from '../domain/model.js';
import type { FlowResult } from '../dialogue/flows/run-flow.js';
import type { Bus } from '../ports/bus.js';
import type { Clock } from '../ports/clock.js';
import type { Store } from '../ports/store.js';
import type { Brain } from './brain.js';
import { handoffSummary } from './handoff-summary.js';

export interface HandOver {
  readonly conversation: Conversation;
  /** The visitor message that led to it. */
  readonly message: Entry;
  readonly contact: Contact | null;
  readonly brain: Brain | null;
  readonly reason: string;
  readonly guesses: ReadonlyArray<{ readonly entryId: string; readonly score: number }>;
  /** Team name or id a flow named; null: the bot's handoff team, else the conversation's own. */
  readonly team: string | null;
  readonly flowSummary: string | undefined;
}

/** A label a flow adds that the tenant does not have yet is created with this colour. */
const NEW_LABEL_COLOR = '#64748b';

export class BotActions {
  constructor(private readonly deps: { store: Store; bus: Bus; clock: Clock }) {}

  post(conversation: Conversation, draft: Omit<PostDraft, 'tenantId' | 'conversationId'>) {
    return postEntry(this.deps, { ...draft, tenantId: conversation.tenantId, conversationId: conversation.id });
  }

  /**
   * Puts the conversation in the queue of the right team, with a note for whoever takes it. The
   * note comes first, so that it is in the timeline when an agent opens the conversation.
   */
  async handOver(h: HandOver): Promise<void> {
    const { conversation } = h;
    const actor = botParticipant(h.brain?.config.settings);
    const summary = handoffSummary({
      reason: h.reason,
      question: h.message.text,
      guesses: h.guesses,
      entry: (id) => h.brain?.engine.entry(id),
      contact: h.contact,
      ...(h.flowSummary ? { flowSummary: h.flowSummary } : {}),
    });
    await this.post(conversation, { sender: actor, clientMsgId: `bot-handoff:${h.message.id}`, kind: 'note', text: summary.text, data: summary.data });
    const teamId = (await this.teamNamed(conversation, h.team)) ?? h.brain?.config.settings.handoffTeamId ?? conversation.teamId;
    const result = await applyTransition(this.deps, conversation.tenantId, conversation.id, {
      from: { statuses: ['bot'] },
      to: { status: 'queued', assigneeId: null, ...(teamId ? { teamId } : {}) },
      event: { actor, name: 'handed_off', text: 'The bot handed the conversation over to a person', data: { reason: h.reason, teamId: teamId ?? null } },
    });
    if (result.kind === 'applied') await announceOfflineIfClosed(this.deps, result.conversation);
  }

  /** Attributes and tags a flow asked for; a handoff is `handOver`'s. */
  async applyFlowEffects(conversation: Conversation, actions: FlowResult['actions'], settings: BotSettings): Promise<void> {
    const attributes: Record<string, string> = {};
    const tags: string[] = [];
    for (const action of actions) {
      if (action.kind === 'set_attribute') attributes[action.key] = action.value;
      if (action.kind === 'tag') tags.push(action.label);
    }
    // The store merges attributes key by key, so a concurrent edit of another key survives.
    if (Object.keys(attributes).length > 0) await this.deps.store.updateContact(conversation.tenantId, conversation.contactId, { attributes });
    if (tags.length > 0) await this.tag(conversation, tags, settings);
  }

  private async tag(conversation: Conversation, names: readonly string[], settings: BotSettings): Promise<void> {
    const { store } = this.deps;
    const known = new Map((await store.listLabels(conversation.tenantId)).map((l) => [l.name.toLowerCase(), l.name]));
    const labels: string[] = [];
    for (const name of names) {
      const existing = known.get(name.toLowerCase());
      if (existing) labels.push(existing);
      else labels.push((await store.upsertLabel(conversation.tenantId, { name, color: NEW_LABEL_COLOR, description: '' })).name);
    }
    const current = (await store.getConversation(conversation.tenantId, conversation.id))?.labels ?? conversation.labels;
    const added = labels.filter((l) => !current.includes(l));
    if (added.length === 0) return;
    await applyTransition(this.deps, conversation.tenantId, conversation.id, {
      from: {},
      to: { labels: [...current, ...added] },
      event: { actor: botParticipant(settings), name: 'labels_changed', text: `The bot added ${added.join(', ')}`, data: { added, removed: [] } },
    });
  }

  private async teamNamed(conversation: Conversation, hint: string | null): Promise<TeamId | null> {
    if (!hint) return null;
    const wanted = hint.trim().toLowerCase();
    const teams = await this.deps.store.listTeams(conversation.tenantId);
    return teams.find((t) => t.id === hint || t.name.trim().toLowerCase() === wanted)?.id ?? null;
  }
}

export function botParticipant(settings: BotSettings | undefined): Participant {
  return { role: 'bot', id: 'bot', ...(settings ? { name: settings.name } : {}) };
}
