// What happens around a visitor's message besides storing it: blocking, and the offline notice
// outside business hours.
import { isOpen } from '../domain/business-hours.js';
import type { TeamId } from '../domain/ids.js';
import { chooseTeam } from '../domain/team-rules.js';
import type { Conversation } from '../domain/model.js';
import type { VisitorPrincipal } from '../domain/principal.js';
import type { Store } from '../ports/store.js';
import { normalizeIp } from './blocked-ips.js';
import type { CommandContext } from './context.js';
import { postEntry } from './post-entry.js';

/**
 * A blocked contact, or a visitor writing from a blocked address. Read per message, so a block
 * applies at once; read as committed, since it only decides what the message's write does.
 */
export function isVisitorBlocked(store: Store, visitor: VisitorPrincipal): Promise<boolean> {
  return store.isVisitorBlocked(visitor.tenantId, visitor.contactId, visitorIp(visitor), 'committed');
}

/** The visitor's address as blocks are stored, or null when none is known. */
export function visitorIp(visitor: VisitorPrincipal): string | null {
  return visitor.ip === null ? null : normalizeIp(visitor.ip);
}

/**
 * When a new conversation's team is outside its business hours, the visitor is told at once,
 * once per conversation (the notice is keyed by the conversation, so a retry stores it once).
 */
export async function announceOfflineIfClosed(ctx: CommandContext, conversation: Conversation): Promise<void> {
  if (!conversation.teamId) return;
  const team = await ctx.store.getTeam(conversation.tenantId, conversation.teamId);
  if (!team?.businessHours || isOpen(team.businessHours, ctx.clock.now())) return;
  const tenant = await ctx.store.getTenant(conversation.tenantId);
  if (!tenant) return;
  await postEntry(ctx, {
    tenantId: conversation.tenantId,
    conversationId: conversation.id,
    sender: { role: 'system', id: 'routing' },
    clientMsgId: `offline:${conversation.id}`,
    kind: 'text',
    text: tenant.settings.offlineMessage,
    data: { event: 'offline', teamId: team.id },
  });
}

/**
 * The team a visitor's new conversation goes to: by the tenant's attribute rules (the pre-chat
 * form and the host page set attributes), else the inbox's default. Read per conversation, not
 * cached, so that an admin's change applies at once. Read as committed: they only decide the
 * conversation's write, which is durable after them (ReadMode), so waiting for an fsync here
 * would only delay the conversation by one.
 */
export async function teamForNewConversation(ctx: CommandContext, visitor: VisitorPrincipal): Promise<TeamId | null> {
  const [inbox, tenant, contact] = await Promise.all([
    ctx.store.getInbox(visitor.tenantId, visitor.inboxId, 'committed'),
    ctx.store.getTenant(visitor.tenantId, 'committed'),
    ctx.store.getContact(visitor.tenantId, visitor.contactId, 'committed'),
  ]);
  return chooseTeam(tenant?.settings.teamRules ?? [], contact?.attributes ?? {}, inbox?.defaultTeamId ?? null);
}
