// Use cases of canned responses: tenant-wide ones (admins) and each agent's own, and their
// expansion into a reply (a leading `/shortcut`, then `{{variables}}`).
import { AppError } from '../domain/app-error.js';
import type { CannedResponse } from '../domain/model.js';
import type { AgentPrincipal } from '../domain/principal.js';
import { leadingShortcut, renderTemplate, SHORTCUT_PATTERN, templateLookup } from '../domain/template.js';
import type { Store } from '../ports/store.js';
import { loadVisibleConversation } from './load-conversation.js';

function checkShortcut(shortcut: string): void {
  if (!SHORTCUT_PATTERN.test(shortcut)) throw new AppError('invalid', 'shortcut must be 1 to 64 letters, digits, "-" or "_"');
}

/** Anyone may make their own; only admins make tenant-wide ones. */
export async function createCannedResponse(
  store: Store,
  actor: AgentPrincipal,
  input: { shortcut: string; text: string; shared: boolean },
): Promise<CannedResponse> {
  checkShortcut(input.shortcut);
  if (input.shared && actor.agentRole !== 'admin') throw new AppError('forbidden', 'only admins may create tenant-wide canned responses');
  const result = await store.createCannedResponse(actor.tenantId, {
    ownerId: input.shared ? null : actor.agentId,
    shortcut: input.shortcut,
    text: input.text,
  });
  if (result.kind === 'shortcut_taken') throw new AppError('conflict', `the shortcut /${input.shortcut} is taken`);
  return result.response;
}

/**
 * The response the actor may change: their own, or a tenant-wide one if they are an admin.
 * Another agent's response is reported as missing, so that its existence does not leak.
 */
async function loadWritable(store: Store, actor: AgentPrincipal, id: string): Promise<CannedResponse> {
  const visible = await store.listCannedResponses(actor.tenantId, actor.agentId);
  const response = visible.find((r) => r.id === id);
  if (!response) throw new AppError('not_found', `canned response ${id} not found`);
  if (response.ownerId === null && actor.agentRole !== 'admin') throw new AppError('forbidden', 'only admins may change tenant-wide canned responses');
  return response;
}

export async function updateCannedResponse(
  store: Store,
  actor: AgentPrincipal,
  id: string,
  patch: { shortcut?: string; text?: string },
): Promise<CannedResponse> {
  if (patch.shortcut !== undefined) checkShortcut(patch.shortcut);
  const current = await loadWritable(store, actor, id);
  if (patch.shortcut !== undefined && patch.shortcut !== current.shortcut) {
    const mine = await store.listCannedResponses(actor.tenantId, actor.agentId);
    // The store keeps shortcuts unique per owner; this check only gives the clash a clear answer.
    if (mine.some((r) => r.ownerId === current.ownerId && r.shortcut === patch.shortcut)) {
      throw new AppError('conflict', `the shortcut /${patch.shortcut} is taken`);
    }
  }
  const updated = await store.updateCannedResponse(actor.tenantId, current.id, patch);
  if (!updated) throw new AppError('not_found', `canned response ${id} not found`);
  return updated;
}

export async function deleteCannedResponse(store: Store, actor: AgentPrincipal, id: string): Promise<void> {
  const current = await loadWritable(store, actor, id);
  if (!(await store.deleteCannedResponse(actor.tenantId, current.id))) throw new AppError('not_found', `canned response ${id} not found`);
}

/** Tenant-wide responses and the actor's own whose shortcut starts with `prefix` (any case), by shortcut. */
export async function listCannedResponses(store: Store, actor: AgentPrincipal, prefix = ''): Promise<CannedResponse[]> {
  const all = await store.listCannedResponses(actor.tenantId, actor.agentId);
  const wanted = prefix.replace(/^\//, '').toLowerCase();
  return all.filter((r) => r.shortcut.toLowerCase().startsWith(wanted));
}

export interface Expansion {
  text: string;
  /** The canned response the leading `/shortcut` named, or null when there was none. */
  response: CannedResponse | null;
}

/**
 * Expands a composer's text for a conversation the actor can see: a leading `/shortcut` becomes
 * its response (the actor's own before a tenant-wide one of the same name; exact case before
 * another case), then every `{{variable}}` is filled. An unknown shortcut stays as typed.
 */
export async function expandCannedResponse(store: Store, actor: AgentPrincipal, input: { conversationId: string; text: string }): Promise<Expansion> {
  const conversation = await loadVisibleConversation(store, actor, input.conversationId);
  const [contact, agent] = await Promise.all([store.getContact(actor.tenantId, conversation.contactId), store.getAgent(actor.tenantId, actor.agentId)]);

  let text = input.text;
  let response: CannedResponse | null = null;
  const lead = leadingShortcut(text);
  if (lead) {
    response = pickResponse(await store.listCannedResponses(actor.tenantId, actor.agentId), lead.shortcut);
    if (response) text = response.text + lead.rest;
  }
  const lookup = templateLookup({
    contact: contact ?? { name: null, email: null, attributes: {} },
    agent: { name: agent?.name ?? actor.name },
    conversation,
  });
  return { text: renderTemplate(text, lookup), response };
}

function pickResponse(responses: CannedResponse[], shortcut: string): CannedResponse | null {
  const rank = (r: CannedResponse) => (r.shortcut === shortcut ? 0 : 2) + (r.ownerId === null ? 1 : 0);
  const matching = responses.filter((r) => r.shortcut.toLowerCase() === shortcut.toLowerCase());
  matching.sort((a, b) => rank(a) - rank(b));
  return matching[0] ?? null;
}
