// The in-memory Store's conversations, their timelines and their cursors.
import { randomUUID } from 'node:crypto';
import { AppError } from '../domain/app-error.js';
import { asConversationId, asEntryId, type AgentId, type ContactId, type ConversationId, type TenantId } from '../domain/ids.js';
import type { Conversation, Cursor, Entry, Participant } from '../domain/model.js';
import type { ConversationBrief, ConversationFilter, ConversationPosition, QueueFilter, Transition, TransitionResult } from '../ports/conversation-store.js';
import type { AckMove } from '../ports/cursor-store.js';
import type { AppendOutcome, EntryDraft, EntryTarget } from '../ports/timeline-store.js';
import { MemoryDirectory } from './memory-directory.js';
import {
  checkPriority,
  clampLimit,
  copyConversation,
  foldAscii,
  json,
  key,
  newerFirst,
  nocaseOrder,
  participant,
  queueOrder,
} from './memory-records.js';

export abstract class MemoryConversations extends MemoryDirectory {
  // Conversations

  async getConversation(tenantId: TenantId, id: ConversationId): Promise<Conversation | null> {
    this.assertOpen();
    const conversation = this.conversations.get(id);
    return conversation?.tenantId === tenantId ? copyConversation(conversation) : null;
  }

  async getConversationPosition(tenantId: TenantId, id: ConversationId): Promise<ConversationPosition | null> {
    this.assertOpen();
    const conversation = this.conversations.get(id);
    if (conversation?.tenantId !== tenantId) return null;
    const { contactId, assigneeId, lastSeq } = conversation;
    return { id: conversation.id, tenantId, contactId, assigneeId, lastSeq };
  }

  async listConversationSummaries(tenantId: TenantId, filter: ConversationFilter): Promise<ConversationBrief[]> {
    return (await this.listConversations(tenantId, filter)).map(({ id, lastSeq, status }) => ({ id, lastSeq, status }));
  }

  async listConversations(tenantId: TenantId, filter: ConversationFilter): Promise<Conversation[]> {
    this.assertOpen();
    const { status, assigneeId, inboxId, contactId, teamId, assignedBefore, unanswered, visitorQuietSince, label, before } = filter;
    const limit = clampLimit(filter.limit);
    const labelKey = label === undefined ? undefined : foldAscii(label);
    return [...this.conversations.values()]
      .filter(
        (c) =>
          c.tenantId === tenantId &&
          (status === undefined || status.includes(c.status)) &&
          (assigneeId === undefined || c.assigneeId === assigneeId) &&
          (inboxId === undefined || c.inboxId === inboxId) &&
          (contactId === undefined || c.contactId === contactId) &&
          (teamId === undefined || c.teamId === teamId) &&
          // Comparisons with null are false, as in SQL.
          (assignedBefore === undefined || (c.assignedAt !== null && c.assignedAt < assignedBefore)) &&
          (unanswered !== true || (c.assigneeId !== null && (c.lastAgentMessageAt === null || (c.assignedAt !== null && c.lastAgentMessageAt < c.assignedAt)))) &&
          (visitorQuietSince === undefined || (c.lastVisitorMessageAt ?? c.createdAt) < visitorQuietSince) &&
          (labelKey === undefined || c.labels.some((l) => foldAscii(l) === labelKey)) &&
          (before === undefined || c.updatedAt < before.updatedAt || (c.updatedAt === before.updatedAt && c.id < before.id)),
      )
      .sort(newerFirst)
      .slice(0, limit)
      .map(copyConversation);
  }

  async listQueue(tenantId: TenantId, filter: QueueFilter): Promise<Conversation[]> {
    this.assertOpen();
    const { teamIds } = filter;
    return [...this.conversations.values()]
      .filter(
        (c) =>
          c.tenantId === tenantId &&
          c.status === 'queued' &&
          c.assigneeId === null &&
          (teamIds === undefined || teamIds.includes(c.teamId)),
      )
      .sort(queueOrder)
      .slice(0, clampLimit(filter.limit))
      .map(copyConversation);
  }

  async countOpenByAgent(tenantId: TenantId, agentIds: AgentId[]): Promise<Map<AgentId, number>> {
    this.assertOpen();
    const counts = new Map<AgentId, number>(agentIds.map((id) => [id, 0]));
    for (const c of this.conversations.values()) {
      if (c.tenantId !== tenantId || c.status !== 'open' || c.assigneeId === null) continue;
      const count = counts.get(c.assigneeId);
      if (count !== undefined) counts.set(c.assigneeId, count + 1);
    }
    return counts;
  }

  async lastAssigneeOfContact(tenantId: TenantId, contactId: ContactId, sinceIso: string): Promise<AgentId | null> {
    this.assertOpen();
    let latest: Conversation | undefined;
    for (const c of this.conversations.values()) {
      if (c.tenantId !== tenantId || c.contactId !== contactId || c.assigneeId === null || c.assignedAt === null) continue;
      // Ties go to the later conversation, like SQLite's `ORDER BY assigned_at DESC, rowid DESC`.
      if (c.assignedAt >= sinceIso && (latest === undefined || c.assignedAt >= latest.assignedAt!)) latest = c;
    }
    return latest?.assigneeId ?? null;
  }

  protected openCount(tenantId: TenantId, agentId: AgentId): number {
    let count = 0;
    for (const c of this.conversations.values()) if (c.tenantId === tenantId && c.assigneeId === agentId && c.status === 'open') count++;
    return count;
  }

  /** The tenant's labels of these names (any case) as stored, sorted, without repeats; unknown names are invalid. */
  protected labelNames(tenantId: TenantId, names: readonly string[]): string[] {
    const found = new Set<string>();
    const unknown: string[] = [];
    for (const name of names) {
      const label = this.labels.get(key(tenantId, foldAscii(name)));
      if (label) found.add(label.name);
      else unknown.push(name);
    }
    if (unknown.length > 0) throw new AppError('invalid', `unknown labels: ${unknown.join(', ')}`);
    return [...found].sort(nocaseOrder);
  }

  async transition(tenantId: TenantId, id: ConversationId, transition: Transition): Promise<TransitionResult> {
    this.assertOpen();
    const conversation = this.conversations.get(id);
    if (conversation?.tenantId !== tenantId) return { kind: 'not_found' };
    const { from, to, event } = transition;
    // An unknown label makes the transition invalid whatever the state: checked first.
    const labels = to.labels === undefined ? undefined : this.labelNames(tenantId, to.labels);
    // Check and write run without an await between them: nothing else can change the maps meanwhile.
    const holds =
      (from.statuses === undefined || from.statuses.includes(conversation.status)) &&
      (from.unassigned === undefined || from.unassigned === (conversation.assigneeId === null)) &&
      (from.assigneeId === undefined || conversation.assigneeId === from.assigneeId) &&
      (from.capacityOf === undefined || this.openCount(tenantId, from.capacityOf.agentId) < from.capacityOf.capacity) &&
      (from.pendingTransferTo === undefined || conversation.pendingTransferTo === from.pendingTransferTo);
    if (!holds) return { kind: 'refused', conversation: copyConversation(conversation) };
    if (to.priority !== undefined) checkPriority(to.priority);
    const now = this.now();
    conversation.updatedAt = now;
    if (to.status !== undefined) conversation.status = to.status;
    if (to.status === 'queued') conversation.queuedAt = now;
    if (to.assigneeId !== undefined) {
      conversation.assigneeId = to.assigneeId;
      conversation.assignedAt = to.assigneeId === null ? null : now;
      const agent = to.assigneeId === null ? undefined : this.agents.get(to.assigneeId);
      if (agent?.tenantId === tenantId) agent.lastAssignedAt = now;
    }
    if (to.teamId !== undefined) conversation.teamId = to.teamId;
    if (to.priority !== undefined) conversation.priority = to.priority;
    if (to.pendingTransferTo !== undefined) conversation.pendingTransferTo = to.pendingTransferTo;
    if (labels !== undefined) conversation.labels = labels;
    const entry = this.appendEntry(conversation, now, {
      tenantId,
      target: { conversationId: id },
      sender: event.actor,
      clientMsgId: `evt:${randomUUID()}`,
      kind: 'event',
      text: event.text,
      data: { ...event.data, event: event.name },
    });
    return { kind: 'applied', conversation: copyConversation(conversation), entry: json(entry) };
  }

  // Timeline

  async append(draft: EntryDraft): Promise<AppendOutcome> {
    this.assertOpen();
    const existing = this.entryBySenderKey.get(key(draft.tenantId, draft.sender.id, draft.clientMsgId));
    if (existing) {
      const conversation = this.conversations.get(existing.conversationId)!;
      return { kind: 'appended', entry: json(existing), conversation: copyConversation(conversation), created: false, conversationCreated: false };
    }
    // One time for the entry and a conversation made for it: a conversation starts with its first entry.
    const now = this.now();
    const target = this.resolveTarget(draft.tenantId, draft.target, now);
    if (!target) return { kind: 'not_found' };
    const entry = this.appendEntry(target.conversation, now, draft);
    return { kind: 'appended', entry: json(entry), conversation: copyConversation(target.conversation), created: true, conversationCreated: target.created };
  }

  async readTimeline(tenantId: TenantId, conversationId: ConversationId, afterSeq: number, limit: number): Promise<Entry[]> {
    this.assertOpen();
    if (this.conversations.get(conversationId)?.tenantId !== tenantId) return [];
    const timeline = this.timelines.get(conversationId) ?? [];
    // Seqs are 1..N, so the entry with seq s sits at index s - 1.
    return timeline.slice(Math.max(afterSeq, 0), Math.max(afterSeq, 0) + Math.max(limit, 0)).map(json);
  }

  async findBySenderKey(tenantId: TenantId, senderId: string, clientMsgId: string): Promise<Entry | null> {
    this.assertOpen();
    const entry = this.entryBySenderKey.get(key(tenantId, senderId, clientMsgId));
    return entry ? json(entry) : null;
  }

  /** The contact is blocked, or the address (null: none known) is. */
  protected isBlocked(tenantId: TenantId, contactId: ContactId, ip: string | null): boolean {
    const contact = this.contacts.get(contactId);
    return (contact?.tenantId === tenantId && contact.blocked) || (ip !== null && this.blockedIps.has(key(tenantId, ip)));
  }

  protected resolveTarget(tenantId: TenantId, target: EntryTarget, now: string): { conversation: Conversation; created: boolean } | null {
    if ('conversationId' in target) {
      const conversation = this.conversations.get(target.conversationId);
      if (conversation?.tenantId !== tenantId) return null;
      if (target.ofContact !== undefined && conversation.contactId !== target.ofContact) return null;
      if (target.unlessResolved && conversation.status === 'resolved') return null;
      if (target.unlessBlocked && this.isBlocked(tenantId, conversation.contactId, target.unlessBlocked.ip)) return null;
      return { conversation, created: false };
    }
    const contact = this.contacts.get(target.contactId);
    if (contact?.tenantId !== tenantId || contact.inboxId !== target.inboxId) return null;
    let newest: Conversation | undefined;
    for (const c of this.conversations.values()) {
      if (c.contactId !== contact.id || c.inboxId !== target.inboxId || c.status === 'resolved') continue;
      if (newest === undefined || c.createdAt >= newest.createdAt) newest = c;
    }
    if (newest) return { conversation: newest, created: false };
    const priority = target.priorityIfNew ?? 'normal';
    checkPriority(priority);
    const conversation: Conversation = {
      id: asConversationId(randomUUID()),
      tenantId,
      inboxId: target.inboxId,
      contactId: contact.id,
      status: target.statusIfNew,
      assigneeId: null,
      teamId: target.teamIdIfNew ?? null,
      priority,
      lastSeq: 0,
      queuedAt: target.statusIfNew === 'queued' ? now : null,
      assignedAt: null,
      lastVisitorMessageAt: null,
      lastAgentMessageAt: null,
      pendingTransferTo: null,
      labels: [],
      createdAt: now,
      updatedAt: now,
      lastMessageAt: null,
    };
    this.conversations.set(conversation.id, conversation);
    this.timelines.set(conversation.id, []);
    return { conversation, created: true };
  }

  /**
   * Gives the entry the conversation's next seq and moves the conversation's lastSeq and
   * lastMessageAt, and for a message (text or file) its side's last message time. Not updatedAt:
   * that is the transition's (as in SQLite, where message activity leaves the indexed columns alone).
   */
  protected appendEntry(conversation: Conversation, now: string, draft: EntryDraft): Entry {
    const entry: Entry = {
      id: asEntryId(randomUUID()),
      tenantId: conversation.tenantId,
      conversationId: conversation.id,
      seq: conversation.lastSeq + 1,
      sender: participant(draft.sender),
      clientMsgId: draft.clientMsgId,
      kind: draft.kind,
      text: draft.text,
      data: draft.data == null ? null : json(draft.data),
      createdAt: now,
    };
    conversation.lastSeq = entry.seq;
    conversation.lastMessageAt = now;
    if (entry.kind === 'text' || entry.kind === 'file') {
      if (entry.sender.role === 'visitor') conversation.lastVisitorMessageAt = now;
      if (entry.sender.role === 'agent') conversation.lastAgentMessageAt = now;
    }
    this.timelines.get(conversation.id)!.push(entry);
    this.entries.push(entry);
    this.entryBySenderKey.set(key(entry.tenantId, entry.sender.id, entry.clientMsgId), entry);
    return entry;
  }

  // Cursors

  async moveCursor(
    tenantId: TenantId,
    conversationId: ConversationId,
    who: Participant,
    to: { ackSeq?: number; readSeq?: number },
  ): Promise<{ cursor: Cursor; moved: boolean }> {
    this.assertOpen();
    if (this.conversations.get(conversationId)?.tenantId !== tenantId) throw new AppError('not_found', 'conversation not found');
    let cursors = this.cursors.get(conversationId);
    if (!cursors) this.cursors.set(conversationId, (cursors = new Map<string, Cursor>()));
    const stored = cursors.get(who.id) ?? { conversationId, participant: participant(who), ackSeq: 0, readSeq: 0 };
    const ackSeq = Math.max(stored.ackSeq, to.ackSeq ?? 0);
    const readSeq = Math.max(stored.readSeq, to.readSeq ?? 0);
    const moved = ackSeq > stored.ackSeq || readSeq > stored.readSeq;
    // A replayed or out-of-order ack leaves the stored cursor exactly as it was.
    if (!moved) return { cursor: json(stored), moved };
    const cursor: Cursor = { conversationId, participant: participant(who), ackSeq, readSeq };
    cursors.set(who.id, cursor);
    return { cursor: json(cursor), moved };
  }

  async moveAckCursors(acks: readonly AckMove[]): Promise<number> {
    this.assertOpen();
    let moved = 0;
    for (const a of acks) {
      if (this.conversations.get(a.conversationId)?.tenantId !== a.tenantId) continue;
      if ((await this.moveCursor(a.tenantId, a.conversationId, a.participant, { ackSeq: a.ackSeq })).moved) moved += 1;
    }
    return moved;
  }

  async listCursors(tenantId: TenantId, conversationId: ConversationId): Promise<Cursor[]> {
    this.assertOpen();
    if (this.conversations.get(conversationId)?.tenantId !== tenantId) return [];
    return [...(this.cursors.get(conversationId)?.values() ?? [])].map(json);
  }
}
