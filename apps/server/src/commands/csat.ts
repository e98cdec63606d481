// Use cases of satisfaction ratings (CSAT): a visitor rates a resolved conversation, and agents
// read the report.
import { randomUUID } from 'node:crypto';
import type { TokenSigner } from '../auth/tokens.js';
import { AppError } from '../domain/app-error.js';
import { asAgentId, asConversationId } from '../domain/ids.js';
import type { Csat } from '../domain/model.js';
import type { AgentPrincipal } from '../domain/principal.js';
import type { CsatSummary } from '../ports/agent-tools-store.js';
import type { CommandContext } from './context.js';
import { postEntry } from './post-entry.js';

export const CSAT_COMMENT_MAX_CHARS = 2000;
const DEFAULT_REPORT_WINDOW_MS = 24 * 3_600_000;
// listCsat cannot filter by agent; one agent's latest ratings are picked from this many.
const AGENT_FILTER_SCAN = 1000;

export interface CsatInput {
  widgetKey: string;
  visitorToken: string;
  conversationId: string;
  rating: number;
  comment?: string;
}

function isRating(n: number): n is Csat['rating'] {
  return Number.isInteger(n) && n >= 1 && n <= 5;
}

/**
 * The visitor of the token rates one of their own resolved conversations. The rating goes to the
 * conversation's assignee (who held it when it was resolved). A second rating replaces the first;
 * each submission appends a `csat_submitted` event to the timeline.
 * 401: unknown widget key or a token that is not this inbox's visitor; 403: another visitor's
 * conversation; 404: no such conversation; 409: not resolved.
 */
export async function submitCsat(ctx: CommandContext & { signer: TokenSigner }, input: CsatInput): Promise<Csat> {
  if (!isRating(input.rating)) throw new AppError('invalid', 'rating must be an integer from 1 to 5');
  const comment = (input.comment ?? '').trim();
  if (comment.length > CSAT_COMMENT_MAX_CHARS) throw new AppError('invalid', `comment must hold at most ${CSAT_COMMENT_MAX_CHARS} characters`);

  const inbox = await ctx.store.findInboxByWidgetKey(input.widgetKey);
  if (!inbox) throw new AppError('unauthorized', 'unknown widget key');
  const claims = ctx.signer.verify(input.visitorToken, ctx.clock.now());
  if (claims?.kind !== 'visitor' || claims.inboxId !== inbox.id || claims.tenantId !== inbox.tenantId) {
    throw new AppError('unauthorized', 'the visitor token is not valid for this widget');
  }
  const tenantId = inbox.tenantId;
  const conversation = await ctx.store.getConversation(tenantId, asConversationId(input.conversationId));
  if (!conversation) throw new AppError('not_found', `conversation ${input.conversationId} not found`);
  if (conversation.contactId !== claims.contactId) throw new AppError('forbidden', `conversation ${input.conversationId} belongs to someone else`);
  if (conversation.status !== 'resolved') throw new AppError('conflict', 'only a resolved conversation can be rated');

  const csat = await ctx.store.saveCsat(tenantId, {
    conversationId: conversation.id,
    contactId: conversation.contactId,
    agentId: conversation.assigneeId,
    rating: input.rating,
    comment,
  });
  const contact = await ctx.store.getContact(tenantId, conversation.contactId);
  await postEntry(ctx, {
    tenantId,
    conversationId: conversation.id,
    sender: { role: 'visitor', id: conversation.contactId, ...(contact?.name ? { name: contact.name } : {}) },
    // Each submission is its own event: a changed mind is part of the story.
    clientMsgId: `csat:${randomUUID()}`,
    kind: 'event',
    text: `The visitor rated the conversation ${csat.rating} of 5`,
    data: { event: 'csat_submitted', rating: csat.rating, ...(comment ? { comment } : {}), agentId: csat.agentId },
  });
  return csat;
}

export interface CsatReport {
  from: string;
  to: string;
  summary: CsatSummary;
  /** Newest first. */
  latest: Csat[];
}

/** Any agent may read it. The range is [from, to), by default the 24 hours before now. */
export async function csatReport(
  ctx: Pick<CommandContext, 'store' | 'clock'>,
  actor: AgentPrincipal,
  query: { from?: string; to?: string; agentId?: string; limit: number },
): Promise<CsatReport> {
  const toMs = query.to === undefined ? ctx.clock.now() : parseInstant('to', query.to);
  const fromMs = query.from === undefined ? toMs - DEFAULT_REPORT_WINDOW_MS : parseInstant('from', query.from);
  if (fromMs >= toMs) throw new AppError('invalid', 'from must be before to');
  const range = { fromIso: new Date(fromMs).toISOString(), toIso: new Date(toMs).toISOString() };
  const agentId = query.agentId === undefined ? undefined : asAgentId(query.agentId);

  const [summary, listed] = await Promise.all([
    ctx.store.summarizeCsat(actor.tenantId, { ...range, ...(agentId ? { agentId } : {}) }),
    ctx.store.listCsat(actor.tenantId, { ...range, limit: agentId ? AGENT_FILTER_SCAN : query.limit }),
  ]);
  const latest = agentId ? listed.filter((c) => c.agentId === agentId).slice(0, query.limit) : listed;
  return { from: range.fromIso, to: range.toIso, summary, latest };
}

function parseInstant(name: string, value: string): number {
  // Date.parse accepts many shapes, and reads a time without a zone as the server's local time;
  // only a date (UTC midnight) or an instant with its zone is part of the API.
  const ms = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(ms)) throw new AppError('invalid', `${name} must be an ISO 8601 date or instant`);
  return ms;
}
