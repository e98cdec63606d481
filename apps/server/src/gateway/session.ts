// What a connection's frames do once parsed: hello first, then send/ack/read/sync/typing/ping.
import type { AckFrame, ClientFrame, HelloFrame, ReadFrame, SendFrame, SyncFrame, TypingFrame } from '@kefu/protocol';
import { CloseCode } from '@kefu/protocol';
import type { TokenSigner } from '../auth/tokens.js';
import type { UrlSigner } from '../auth/url-signer.js';
import { authenticateAgent } from '../commands/authenticate.js';
import type { CommandContext } from '../commands/context.js';
import { identifyVisitor } from '../commands/identify-visitor.js';
import { assertVisible, loadVisiblePosition } from '../commands/load-conversation.js';
import { checkCursor, moveCursor } from '../commands/move-cursor.js';
import type { AckBuffer } from './ack-buffer.js';
import { sendMessage } from '../commands/send-message.js';
import { AppError } from '../domain/app-error.js';
import { asConversationId } from '../domain/ids.js';
import type { ConversationBrief, ConversationPosition } from '../ports/conversation-store.js';
import type { Presence } from '../ports/presence.js';
import { participantOf, type Principal } from '../domain/principal.js';
import { conversationSummary } from '../presenters/frames.js';
import type { Connection } from './connection.js';
import type { UnassignedList } from './unassigned-list.js';
import type { ConversationCache } from './conversation-cache.js';
import type { Hub } from './hub.js';
import { replayTimeline } from './replay.js';

export interface SessionDeps extends CommandContext {
  hub: Hub;
  acks: AckBuffer;
  /** The tenant's unassigned open conversations for agents' welcomes, shared between hellos. */
  unassigned: UnassignedList;
  /** Conversations as routing last knew them, for typing indicators. */
  conversations: ConversationCache;
  signer: TokenSigner;
  /** Signs the links of a send's attachments. */
  urls: UrlSigner;
  presence: Presence;
  heartbeatMs: number;
  epoch: string;
  sendHighWaterBytes: number;
}

const SYNC_DEFAULT_LIMIT = 200;

export async function handleFrame(deps: SessionDeps, conn: Connection, frame: ClientFrame): Promise<void> {
  if (frame.t === 'hello') {
    if (conn.principal) throw new AppError('bad_frame', 'hello was already accepted on this connection');
    return hello(deps, conn, frame);
  }
  const principal = conn.principal;
  if (principal?.role === 'agent') deps.presence.agentActive(principal.tenantId, principal.agentId, deps.clock.now());
  if (!principal) {
    conn.send({ t: 'error', code: 'unauthorized', message: 'the first frame must be hello' });
    conn.close(CloseCode.NotAuthenticated, 'hello first');
    return;
  }
  switch (frame.t) {
    case 'send':
      return send(deps, conn, principal, frame);
    case 'ack':
    case 'read':
      return cursor(deps, conn, principal, frame);
    case 'sync':
      return sync(deps, conn, principal, frame);
    case 'typing':
      return typing(deps, conn, principal, frame);
    case 'ping':
      conn.send({ t: 'pong' });
      return;
    default:
      return assertNever(frame);
  }
}

async function hello(deps: SessionDeps, conn: Connection, frame: HelloFrame): Promise<void> {
  let principal: Principal;
  let visitorFields: { visitorId: string; visitorToken: string } | null = null;
  /** A contact this hello made: nobody knows it yet, so it has no conversations to list. */
  let newContact = false;
  try {
    if (frame.role === 'visitor') {
      const visitor = await identifyVisitor(deps, { ...frame, ip: conn.remoteAddress }, deps.clock.now());
      principal = visitor.principal;
      visitorFields = { visitorId: visitor.contact.id, visitorToken: visitor.visitorToken };
      newContact = visitor.newContact;
    } else {
      principal = await authenticateAgent(deps, frame.token);
    }
  } catch (error) {
    refuse(conn, error);
    return;
  }
  // The hello timer stopped when this frame arrived (ws-gateway).
  if (!conn.isOpen) return;
  conn.principal = principal;
  // Registered before the welcome's lists are read, so that a change published after that read
  // reaches the connection live; held until the welcome, the session's first frame. Live entries
  // of the resumed conversations wait longer, for their replay: otherwise an entry appended
  // meanwhile would arrive both live and replayed.
  for (const convId of Object.keys(frame.resume ?? {})) conn.holdLive(convId);
  conn.holdUntilWelcome();
  deps.hub.register(conn);
  if (principal.role === 'agent') {
    await deps.presence.agentConnected(principal.tenantId, principal.agentId, conn.sessionId, deps.clock.now());
    // The socket may have closed while we waited; its close handler then found nothing to remove.
    if (!conn.isOpen) await deps.presence.agentDisconnected(principal.tenantId, principal.agentId, conn.sessionId, deps.clock.now());
  }
  let conversations: ConversationBrief[];
  try {
    conversations = newContact ? [] : await welcomeConversations(deps, principal);
  } catch (error) {
    refuse(conn, error);
    return;
  }
  // The welcome and every resumed conversation's frames leave in one write.
  await conn.corked(async () => {
    conn.sendWelcome({
      t: 'welcome',
      v: 1,
      sessionId: conn.sessionId,
      heartbeatMs: deps.heartbeatMs,
      epoch: deps.epoch,
      ...(visitorFields ?? { agentId: principal.role === 'agent' ? principal.agentId : undefined }),
      conversations: conversations.map(conversationSummary),
    });
    for (const [convId, seq] of Object.entries(frame.resume ?? {})) {
      try {
        const conversation = await loadVisiblePosition(deps.store, principal, convId);
        deps.hub.watch(conn, conversation.id);
        await replayTimeline(deps, conn, conversation, seq, Number.POSITIVE_INFINITY);
      } catch (error) {
        conn.releaseLive(convId, seq);
        if (!(error instanceof AppError)) throw error;
        conn.send({ t: 'error', code: error.wireCode, message: error.message });
      }
    }
  });
}

/** What a welcome lists: a visitor's own conversations; an agent's, then the tenant's unassigned ones. */
async function welcomeConversations(deps: SessionDeps, principal: Principal): Promise<ConversationBrief[]> {
  if (principal.role === 'visitor') return deps.store.listConversationSummaries(principal.tenantId, { contactId: principal.contactId, limit: 50 });
  const [mine, unassigned] = await Promise.all([
    deps.store.listConversationSummaries(principal.tenantId, { status: ['bot', 'queued', 'open'], assigneeId: principal.agentId, limit: 200 }),
    deps.unassigned.list(principal.tenantId),
  ]);
  return [...mine, ...unassigned];
}

/** A hello that cannot be accepted: an error frame, then close with 4401; nothing held for a welcome goes out. */
function refuse(conn: Connection, error: unknown): void {
  conn.dropUntilWelcome();
  const message = error instanceof AppError ? error.message : 'authentication failed';
  conn.send({ t: 'error', code: 'unauthorized', message });
  conn.close(CloseCode.NotAuthenticated, 'not authenticated');
  if (!(error instanceof AppError)) throw error;
}

async function send(deps: SessionDeps, conn: Connection, principal: Principal, frame: SendFrame): Promise<void> {
  const result = await sendMessage(deps, principal, {
    clientMsgId: frame.id,
    text: frame.text,
    kind: frame.kind ?? 'text',
    origin: conn.sessionId,
    ...(frame.conv !== undefined ? { conversationId: frame.conv } : {}),
    ...(frame.attachments ? { attachments: frame.attachments } : {}),
  });
  const { entry } = result;
  if (principal.role === 'agent') deps.hub.watch(conn, entry.conversationId);
  conn.send({ t: 'sent', id: frame.id, conv: entry.conversationId, seq: entry.seq, msgId: entry.id, at: entry.createdAt });
  conn.noteDelivered(entry.conversationId, entry.seq);
}

async function cursor(deps: SessionDeps, conn: Connection, principal: Principal, frame: AckFrame | ReadFrame): Promise<void> {
  if (frame.t === 'read') return moveCursor(deps, principal, frame.conv, { readSeq: frame.seq });
  // An ack of what this connection was sent needs no read: nearly every message is acked so.
  if (conn.wasDelivered(frame.conv, frame.seq)) {
    deps.acks.note({ tenantId: principal.tenantId, conversationId: asConversationId(frame.conv), participant: participantOf(principal), ackSeq: frame.seq });
    return;
  }
  const { conversation, participant } = await checkCursor(deps, principal, frame.conv, frame.seq);
  deps.acks.note({ tenantId: principal.tenantId, conversationId: conversation.id, participant, ackSeq: frame.seq });
}

async function sync(deps: SessionDeps, conn: Connection, principal: Principal, frame: SyncFrame): Promise<void> {
  conn.holdLive(frame.conv);
  let conversation: ConversationPosition;
  try {
    conversation = await loadVisiblePosition(deps.store, principal, frame.conv);
  } catch (error) {
    conn.releaseLive(frame.conv, frame.after);
    throw error;
  }
  deps.hub.watch(conn, conversation.id);
  await replayTimeline(deps, conn, conversation, frame.after, frame.limit ?? SYNC_DEFAULT_LIMIT);
}

async function typing(deps: SessionDeps, conn: Connection, principal: Principal, frame: TypingFrame): Promise<void> {
  const conversation = assertVisible(principal, frame.conv, await deps.conversations.get(principal.tenantId, asConversationId(frame.conv)));
  deps.bus.publish({
    type: 'typing.changed',
    tenantId: principal.tenantId,
    conversation,
    from: participantOf(principal),
    on: frame.on,
    origin: conn.sessionId,
  });
}

function assertNever(frame: never): never {
  throw new Error(`unhandled frame ${JSON.stringify(frame)}`);
}
