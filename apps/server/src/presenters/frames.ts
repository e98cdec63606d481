// Store records as protocol frames, and as REST JSON.
import type { ConversationSummary, ConversationView, HiddenMsgFrame, MsgFrame } from '@kefu/protocol';
import type { Conversation, Entry } from '../domain/model.js';
import type { ConversationBrief } from '../ports/conversation-store.js';

/** What a recipient of `role` may see of an entry: visitors get a placeholder for notes. */
export function entryFrame(entry: Entry, recipientRole: 'visitor' | 'agent'): MsgFrame | HiddenMsgFrame {
  if (entry.kind === 'note' && recipientRole === 'visitor') {
    return { t: 'msg', conv: entry.conversationId, seq: entry.seq, kind: 'hidden' };
  }
  const frame: MsgFrame = {
    t: 'msg',
    conv: entry.conversationId,
    seq: entry.seq,
    msgId: entry.id,
    at: entry.createdAt,
    from: entry.sender,
    kind: entry.kind,
    text: entry.text,
  };
  if (entry.data) frame.data = entry.data;
  return frame;
}

export function conversationSummary(c: ConversationBrief): ConversationSummary {
  return { id: c.id, lastSeq: c.lastSeq, status: c.status };
}

export function conversationView(c: Conversation): ConversationView {
  return {
    id: c.id,
    status: c.status,
    assignee: c.assigneeId,
    team: c.teamId,
    lastSeq: c.lastSeq,
    inbox: c.inboxId,
    contact: c.contactId,
    priority: c.priority,
    pendingTransferTo: c.pendingTransferTo,
    labels: c.labels,
    queuedAt: c.queuedAt,
    assignedAt: c.assignedAt,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    lastMessageAt: c.lastMessageAt,
  };
}

/** REST shape of a timeline entry. */
export function entryJson(entry: Entry) {
  return {
    msgId: entry.id,
    conv: entry.conversationId,
    seq: entry.seq,
    kind: entry.kind,
    text: entry.text,
    from: entry.sender,
    at: entry.createdAt,
    data: entry.data,
    clientMsgId: entry.clientMsgId,
  };
}
