// Use case: a visitor or agent sends a message; answered only once it is durably stored.
import type { UrlSigner } from '../auth/url-signer.js';
import { AppError } from '../domain/app-error.js';
import { asConversationId } from '../domain/ids.js';
import type { Conversation, Entry, EntryKind } from '../domain/model.js';
import { participantOf, type Principal } from '../domain/principal.js';
import type { Upload } from '../domain/upload.js';
import type { AppendResult, EntryTarget } from '../ports/timeline-store.js';
import { assertNotSentYet, bindAttachments, loadAttachments } from './attach-uploads.js';
import { firstStatusFor, type CommandContext } from './context.js';
import { loadVisibleConversation } from './load-conversation.js';
import { reopenForVisitor } from './transition-conversation.js';
import { attachmentWithLink } from './upload-links.js';
import { announceOfflineIfClosed, isVisitorBlocked, teamForNewConversation, visitorIp } from './visitor-gate.js';

export interface SendMessageInput {
  clientMsgId: string;
  conversationId?: string;
  text: string;
  kind: 'text' | 'note';
  /** Ids from the upload API, uploaded by the sender; with them, text may be empty. */
  attachments?: string[];
  /** Session id of the connection that sent it; it gets `sent`, not `msg`. */
  origin?: string;
}

export interface SendMessageResult {
  entry: Entry;
  conversation: Conversation;
  /** False when this was a repeat of a stored send. */
  created: boolean;
}

export interface SendMessageDeps extends CommandContext {
  /** Signs the links of attachments; a caller that never sends attachments (leave a message) has none. */
  urls?: UrlSigner;
}

export async function sendMessage(ctx: SendMessageDeps, principal: Principal, input: SendMessageInput): Promise<SendMessageResult> {
  if (input.kind === 'note' && principal.role !== 'agent') {
    throw new AppError('bad_frame', 'only agents may write notes');
  }
  const attachmentIds = input.attachments ?? [];
  if (input.text.trim() === '' && attachmentIds.length === 0) throw new AppError('bad_frame', 'text must not be empty');

  // Most messages are words to a conversation the sender names, needing nothing special. The
  // append itself checks, in its own step, that a visitor's conversation is theirs, not resolved
  // (the message would reopen it) and that neither they nor their address is blocked; it also
  // answers a repeat with what was stored the first time. Nothing is read before it: only when it
  // refuses does the careful path read what it needs, to say why, to reopen first, or to keep a
  // blocked visitor's words from agents (bench/FINDINGS.md, "One step for a message").
  if (input.conversationId !== undefined && attachmentIds.length === 0) {
    const conversationId = asConversationId(input.conversationId);
    const outcome = await ctx.store.append({
      tenantId: principal.tenantId,
      target:
        principal.role === 'visitor'
          ? { conversationId, ofContact: principal.contactId, unlessResolved: true, unlessBlocked: { ip: visitorIp(principal) } }
          : { conversationId },
      sender: participantOf(principal),
      clientMsgId: input.clientMsgId,
      kind: input.kind,
      text: input.text,
    });
    if (outcome.kind === 'appended') return announce(ctx, principal, outcome, false, input.origin);
  }
  // Read as committed (ReadMode), since it only decides the write: a durable read waits for an
  // fsync, and the message's own write waits for one more. A blocked visitor's words are kept, but
  // open no conversation and reach no agent.
  const blocked = principal.role === 'visitor' ? await isVisitorBlocked(ctx.store, principal) : false;
  return sendCarefully(ctx, principal, input, blocked);
}

/** A send with attachments, without a conversation, or one the append refused: every check read first. */
async function sendCarefully(ctx: SendMessageDeps, principal: Principal, input: SendMessageInput, blocked: boolean): Promise<SendMessageResult> {
  const sender = participantOf(principal);
  const attachmentIds = input.attachments ?? [];
  // Settled, not thrown, here: a repeat is answered even when the conversation is out of reach now.
  const named = input.conversationId === undefined ? undefined : await settle(loadVisibleConversation(ctx.store, principal, input.conversationId, 'committed'));
  // Looked up first, since something happens before the append: an error for a conversation out
  // of reach now, a reopen, uploads bound, a new conversation's team chosen.
  const stored = await ctx.store.findBySenderKey(principal.tenantId, sender.id, input.clientMsgId, 'committed');
  // A durable read: it answers once everything committed is on disk, the stored entry with it
  // (the first send's own `sent` may still be waiting for its fsync).
  const storedIn = stored && (await ctx.store.getConversation(principal.tenantId, stored.conversationId));
  if (stored && storedIn) return { entry: stored, conversation: storedIn, created: false };

  let uploads: Upload[] = attachmentIds.length > 0 ? await loadAttachments(ctx.store, principal, attachmentIds) : [];
  // A visitor never sees a note, so a file sent only in notes stays closed to them.
  const visibleToVisitor = input.kind !== 'note';

  let target: EntryTarget;
  if (named !== undefined) {
    if (!named.ok) throw named.error;
    const conversation = named.value;
    // Bound before the reopen, so that a refused attachment changes nothing.
    if (uploads.length > 0) uploads = await bindAttachments(ctx.store, principal, uploads, { conversationId: conversation.id, visibleToVisitor });
    if (conversation.status === 'resolved' && principal.role === 'visitor' && !blocked) {
      await reopenForVisitor(ctx, principal, conversation);
    }
    target = { conversationId: conversation.id };
  } else if (principal.role === 'visitor') {
    assertNotSentYet(uploads);
    target = {
      inboxId: principal.inboxId,
      contactId: principal.contactId,
      statusIfNew: blocked ? 'resolved' : await firstStatusFor(ctx, principal),
      teamIdIfNew: await teamForNewConversation(ctx, principal),
    };
  } else {
    throw new AppError('bad_frame', 'agents must name the conversation (conv)');
  }

  const outcome = await ctx.store.append({
    tenantId: principal.tenantId,
    target,
    sender,
    clientMsgId: input.clientMsgId,
    ...contentOf(ctx, input, uploads),
  });
  if (outcome.kind === 'not_found') throw new AppError('not_found', 'conversation not found');
  if (uploads.length > 0 && !('conversationId' in target)) {
    // The visitor's first message made (or found) the conversation only now. A concurrent send of
    // the same upload to another conversation of theirs may have won; the upload stays theirs to
    // open either way, so the message stands.
    await ctx.store.attachUploads(principal.tenantId, attachmentIds, { conversationId: outcome.conversation.id, visibleToVisitor });
  }
  return announce(ctx, principal, outcome, blocked, input.origin);
}

/** Tells who should hear of an appended message: only the visitor's own tabs when they are blocked. */
async function announce(ctx: SendMessageDeps, principal: Principal, outcome: AppendResult, blocked: boolean, origin: string | undefined): Promise<SendMessageResult> {
  const { entry, conversation, created, conversationCreated } = outcome;
  const from = origin ? { origin } : {};
  if (blocked) {
    // Only the visitor's own other tabs hear of it; agents and routing do not.
    if (created) ctx.bus.publish({ type: 'entry.appended', tenantId: principal.tenantId, conversation, entry, visitorOnly: true, ...from });
    return { entry, conversation, created };
  }
  if (conversationCreated) ctx.bus.publish({ type: 'conversation.updated', tenantId: principal.tenantId, conversation });
  if (created) ctx.bus.publish({ type: 'entry.appended', tenantId: principal.tenantId, conversation, entry, ...from });
  // A bot conversation hears of business hours only if the bot hands it over.
  if (conversationCreated && conversation.status === 'queued') await announceOfflineIfClosed(ctx, conversation);
  return { entry, conversation, created };
}

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
  return promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
}

/**
 * Kind, text and data of the entry: files without words are a `file` entry, files with words a
 * `text` entry (a note stays a note); `data.attachments` carries each file with a signed link.
 */
function contentOf(ctx: SendMessageDeps, input: SendMessageInput, uploads: readonly Upload[]): { kind: EntryKind; text: string; data?: Record<string, unknown> } {
  if (uploads.length === 0) return { kind: input.kind, text: input.text };
  if (!ctx.urls) throw new Error('sendMessage got attachments without a URL signer');
  const urls = ctx.urls;
  const now = ctx.clock.now();
  const attachments = uploads.map((u) => attachmentWithLink(urls, u, now));
  const wordless = input.text.trim() === '';
  return { kind: wordless && input.kind === 'text' ? 'file' : input.kind, text: wordless ? '' : input.text, data: { attachments } };
}
