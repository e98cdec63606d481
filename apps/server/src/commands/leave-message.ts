// Use case: outside business hours (or whenever nobody answers) a visitor leaves a message with
// their name and email. It becomes a queued conversation for the next shift, and the team is told
// by email when a mail server is configured.
import type { TokenSigner } from '../auth/tokens.js';
import { AppError } from '../domain/app-error.js';
import type { TeamId, TenantId } from '../domain/ids.js';
import type { Logger } from '../log.js';
import type { Mailer } from '../ports/mailer.js';
import type { CommandContext } from './context.js';
import { identifyVisitor } from './identify-visitor.js';
import { sendMessage } from './send-message.js';

export interface LeaveMessageInput {
  widgetKey: string;
  visitorToken?: string;
  /** Client id of the message, so that a form submitted twice stores it once. */
  id: string;
  name: string;
  email: string;
  text: string;
  ip: string | null;
}

export interface LeaveMessageDeps extends CommandContext {
  signer: TokenSigner;
  mailer: Mailer;
  log: Logger;
  publicUrl: string;
}

export async function leaveMessage(deps: LeaveMessageDeps, input: LeaveMessageInput): Promise<{ conversationId: string; seq: number; visitorToken: string }> {
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(input.email)) throw new AppError('invalid', 'email: expected an email address');
  const visitor = await identifyVisitor(deps, { widgetKey: input.widgetKey, ip: input.ip, ...(input.visitorToken ? { visitorToken: input.visitorToken } : {}) }, deps.clock.now());
  const { tenantId } = visitor.principal;
  if (!visitor.contact.identityVerified) {
    await deps.store.updateContact(tenantId, visitor.contact.id, { name: input.name.trim(), email: input.email.trim() });
  }
  const principal = { ...visitor.principal, name: input.name.trim() };
  // A left message is for people, whether or not a bot answers the chat.
  const result = await sendMessage({ ...deps, bot: undefined }, principal, { clientMsgId: input.id, text: input.text, kind: 'text' });
  if (result.created) void notifyTeam(deps, result.conversation.teamId, result.conversation.tenantId, input, result.conversation.id);
  return { conversationId: result.conversation.id, seq: result.entry.seq, visitorToken: visitor.visitorToken };
}

/** Best effort: the message is stored whatever the mail server says; a failure is logged. */
async function notifyTeam(deps: LeaveMessageDeps, teamId: TeamId | null, tenantId: TenantId, input: LeaveMessageInput, conversationId: string): Promise<void> {
  try {
    const agents = await deps.store.listAgents(tenantId);
    // The team's members, or the admins when the conversation has no team.
    const members = teamId ? new Set(await deps.store.listTeamMembers(tenantId, teamId)) : null;
    const to = agents.filter((a) => (members ? members.has(a.id) : a.role === 'admin')).map((a) => a.email);
    if (to.length === 0) return;
    await deps.mailer.send({
      to,
      replyTo: input.email,
      subject: `[Kefu] Message from ${input.name} / 新留言`,
      text: [`${input.name} <${input.email}> left a message:`, '', input.text, '', `Open: ${deps.publicUrl}/#/conversations/${conversationId}`].join('\n'),
    });
  } catch (error) {
    deps.log.warn('notification email failed', { conversationId, error });
  }
}
