// Use cases of labels: the tenant's set (admins), and the labels of a conversation (any agent).
import { AppError } from '../domain/app-error.js';
import type { Conversation, Label } from '../domain/model.js';
import { participantOf, type AgentPrincipal } from '../domain/principal.js';
import type { Store } from '../ports/store.js';
import type { CommandContext } from './context.js';
import { loadVisibleConversation } from './load-conversation.js';
import { requireAdmin } from './manage-tenant.js';

// Names travel in URLs (`/labels/:name/conversations`) and in comma-separated filters.
const FORBIDDEN_IN_NAME = /[,/\\?#%\p{Cc}]/u;
const COLOR = /^#[0-9a-fA-F]{6}$/;

function checkName(name: string): void {
  if (name.length < 1 || name.length > 64 || name.trim() !== name || FORBIDDEN_IN_NAME.test(name)) throw new AppError('invalid', 'name must be 1 to 64 characters, without "," "/" "\\" "?" "#" "%" or surrounding spaces');
}

function checkColor(color: string): void {
  if (!COLOR.test(color)) throw new AppError('invalid', 'color must be #rrggbb');
}

async function findLabel(store: Store, actor: AgentPrincipal, name: string): Promise<Label | null> {
  const wanted = name.toLowerCase();
  return (await store.listLabels(actor.tenantId)).find((l) => l.name.toLowerCase() === wanted) ?? null;
}

export async function createLabel(store: Store, actor: AgentPrincipal, input: { name: string; color?: string; description?: string }): Promise<Label> {
  requireAdmin(actor);
  checkName(input.name);
  if (input.color !== undefined) checkColor(input.color);
  // Two admins creating one name at once both succeed as one label: the store upserts by name.
  if (await findLabel(store, actor, input.name)) throw new AppError('conflict', `a label named ${input.name} exists`);
  return store.upsertLabel(actor.tenantId, { name: input.name, color: input.color ?? '#1f93ff', description: input.description ?? '' });
}

export async function updateLabel(store: Store, actor: AgentPrincipal, name: string, patch: { color?: string; description?: string }): Promise<Label> {
  requireAdmin(actor);
  if (patch.color !== undefined) checkColor(patch.color);
  const current = await findLabel(store, actor, name);
  if (!current) throw new AppError('not_found', `label ${name} not found`);
  return store.upsertLabel(actor.tenantId, {
    name: current.name,
    color: patch.color ?? current.color,
    description: patch.description ?? current.description,
  });
}

/** Also takes the label off every conversation (the store does it, without timeline events). */
export async function deleteLabel(store: Store, actor: AgentPrincipal, name: string): Promise<void> {
  requireAdmin(actor);
  const current = await findLabel(store, actor, name);
  if (!current || !(await store.deleteLabel(actor.tenantId, current.name))) throw new AppError('not_found', `label ${name} not found`);
}

/**
 * Replaces the labels of a conversation. Names are matched to the tenant's labels in any case;
 * an unknown name is `invalid`. When nothing changes, nothing is written and no event is made.
 * The `labels_changed` event says what was added and removed against the labels read just before;
 * a concurrent change in between is not reflected in that diff, only in the stored labels.
 */
export async function setConversationLabels(ctx: CommandContext, actor: AgentPrincipal, conversationId: string, names: string[]): Promise<Conversation> {
  const conversation = await loadVisibleConversation(ctx.store, actor, conversationId);
  const known = new Map((await ctx.store.listLabels(actor.tenantId)).map((l) => [l.name.toLowerCase(), l.name]));
  const unknown = names.filter((n) => !known.has(n.toLowerCase()));
  if (unknown.length > 0) throw new AppError('invalid', `unknown labels: ${unknown.join(', ')}; an admin creates labels first`);
  const labels = [...new Set(names.map((n) => known.get(n.toLowerCase())!))].sort();

  const added = labels.filter((l) => !conversation.labels.includes(l));
  const removed = conversation.labels.filter((l) => !labels.includes(l));
  if (added.length === 0 && removed.length === 0) return conversation;

  const result = await ctx.store.transition(actor.tenantId, conversation.id, {
    from: {},
    to: { labels },
    event: { actor: participantOf(actor), name: 'labels_changed', text: describeChange(actor.name, added, removed), data: { added, removed } },
  });
  if (result.kind === 'not_found') throw new AppError('not_found', `conversation ${conversationId} not found`);
  if (result.kind === 'applied') {
    ctx.bus.publish({ type: 'entry.appended', tenantId: actor.tenantId, conversation: result.conversation, entry: result.entry });
    ctx.bus.publish({ type: 'conversation.updated', tenantId: actor.tenantId, conversation: result.conversation });
  }
  return result.conversation;
}

function describeChange(who: string, added: string[], removed: string[]): string {
  const parts = [...(added.length ? [`added ${added.join(', ')}`] : []), ...(removed.length ? [`removed ${removed.join(', ')}`] : [])];
  return `${who} ${parts.join(' and ')}`;
}

/** Conversations carrying the label, newest activity first. */
export async function conversationsWithLabel(store: Store, actor: AgentPrincipal, name: string, limit: number): Promise<Conversation[]> {
  const label = await findLabel(store, actor, name);
  if (!label) throw new AppError('not_found', `label ${name} not found`);
  return store.listConversations(actor.tenantId, { label: label.name, limit });
}
