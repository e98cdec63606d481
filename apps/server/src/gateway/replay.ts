// Sends a client the entries it lacks, page by page, pausing while its socket is backed up.
import type { ConversationPosition } from '../ports/conversation-store.js';
import type { Store } from '../ports/store.js';
import { entryFrame } from '../presenters/frames.js';
import type { Connection } from './connection.js';

const PAGE = 500;
const DRAIN_POLL_MS = 5;
const DRAIN_GIVE_UP_MS = 30_000;

/**
 * Sends the entries after `after`, up to `limit`, then `synced`. A long replay waits for the socket
 * to drain between pages rather than tripping the high-water mark that protects our memory. The
 * caller has held the conversation's live entries (`Connection.holdLive`) since before the read;
 * they are let go at the end, but for those the replay sent.
 */
export async function replayTimeline(
  deps: { store: Store; sendHighWaterBytes: number },
  conn: Connection,
  conversation: ConversationPosition,
  after: number,
  limit: number,
): Promise<void> {
  let upTo = after;
  try {
    upTo = await replayPages(deps, conn, conversation, after, limit);
  } finally {
    conn.releaseLive(conversation.id, upTo);
  }
}

/** The replay itself; returns the last seq it sent (or `after`). */
async function replayPages(
  deps: { store: Store; sendHighWaterBytes: number },
  conn: Connection,
  conversation: ConversationPosition,
  after: number,
  limit: number,
): Promise<number> {
  const role = conn.principal?.role === 'visitor' ? 'visitor' : 'agent';
  // Nothing to read when the client holds the end of a timeline this connection hears live: the
  // conversation was read after the connection was registered, so whatever came later reaches it
  // as `msg`. (A watcher's entries could fall between that read and its watch: those are read.)
  if (after >= conversation.lastSeq && hearsLive(conn, conversation)) {
    conn.send({ t: 'synced', conv: conversation.id, upTo: after, more: false });
    return after;
  }
  let upTo = after;
  let sent = 0;
  let more = false;
  for (;;) {
    const want = Math.min(PAGE, limit - sent);
    const page = await deps.store.readTimeline(conversation.tenantId, conversation.id, upTo, want);
    for (const entry of page) {
      // Pace the replay by the socket: large entries could otherwise pass the high-water mark
      // within one page and get this very connection closed as a slow consumer.
      if (conn.socket.bufferedAmount > deps.sendHighWaterBytes / 2 && !(await waitForDrain(conn, deps.sendHighWaterBytes / 4))) return upTo;
      conn.sendEntryNow(conversation.id, entry.seq, JSON.stringify(entryFrame(entry, role)));
      upTo = entry.seq;
    }
    sent += page.length;
    if (page.length < want) break;
    if (sent >= limit) {
      // Entries may have been appended meanwhile; the client asks again when `more` is true.
      more = (await deps.store.readTimeline(conversation.tenantId, conversation.id, upTo, 1)).length > 0;
      break;
    }
  }
  conn.send({ t: 'synced', conv: conversation.id, upTo, more });
  return upTo;
}

/** The visitor of the conversation, or the agent it is assigned to: the hub sends them its entries without a watch. */
function hearsLive(conn: Connection, conversation: ConversationPosition): boolean {
  const p = conn.principal;
  if (!p) return false;
  return p.role === 'visitor' ? p.contactId === conversation.contactId : p.agentId === conversation.assigneeId;
}

async function waitForDrain(conn: Connection, belowBytes: number): Promise<boolean> {
  // Frames held by a corked hello would never drain.
  conn.flush();
  const deadline = Date.now() + DRAIN_GIVE_UP_MS;
  while (conn.isOpen && conn.socket.bufferedAmount > belowBytes) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, DRAIN_POLL_MS));
  }
  return conn.isOpen;
}
