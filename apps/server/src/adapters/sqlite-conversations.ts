// The SQLite Store's conversations, their timelines and their cursors.
import { randomUUID } from 'node:crypto';
import { AppError } from '../domain/app-error.js';
import { asAgentId, asConversationId, type AgentId, type ContactId, type ConversationId, type TenantId } from '../domain/ids.js';
import type { Conversation, ConversationStatus, Cursor, Entry, Participant } from '../domain/model.js';
import type { ConversationBrief, ConversationFilter, ConversationPosition, QueueFilter, Transition, TransitionResult } from '../ports/conversation-store.js';
import type { AckMove } from '../ports/cursor-store.js';
import type { AppendOutcome, EntryDraft, EntryTarget } from '../ports/timeline-store.js';
import { nullable } from './sqlite-connection.js';
import { timeOrderedUuid } from './time-ordered-uuid.js';
import { SqliteDirectory } from './sqlite-directory.js';
import { toConversation, toConversationPosition, toCursor, toEntry, type ConversationRow, type EntryRow } from './sqlite-rows.js';
import type { ReadMode } from '../ports/read-mode.js';

export abstract class SqliteConversations extends SqliteDirectory {
  // Conversations

  getConversation(tenantId: TenantId, id: ConversationId, mode?: ReadMode): Promise<Conversation | null> {
    return this.read(() => nullable(this.sql.conversationById.get(tenantId, id), toConversation), mode);
  }
  getConversationPosition(tenantId: TenantId, id: ConversationId, mode?: ReadMode): Promise<ConversationPosition | null> {
    return this.read(() => nullable(this.sql.conversationPositionById.get(tenantId, id), toConversationPosition), mode);
  }


  listConversations(tenantId: TenantId, filter: ConversationFilter): Promise<Conversation[]> {
    return this.read(() => this.queries.listConversations(tenantId, filter).map(toConversation));
  }

  listConversationSummaries(tenantId: TenantId, filter: ConversationFilter): Promise<ConversationBrief[]> {
    return this.read(() =>
      this.queries.listConversationBriefs(tenantId, filter).map((r) => ({ id: asConversationId(r.id), lastSeq: r.last_seq, status: r.status as ConversationStatus })),
    );
  }

  listQueue(tenantId: TenantId, filter: QueueFilter): Promise<Conversation[]> {
    return this.read(() => this.queries.listQueue(tenantId, filter).map(toConversation));
  }

  countOpenByAgent(tenantId: TenantId, agentIds: AgentId[]): Promise<Map<AgentId, number>> {
    return this.read(() => {
      const counts = new Map<AgentId, number>(agentIds.map((id) => [id, 0]));
      for (const row of this.sql.countOpenByAgent.all(tenantId, JSON.stringify(agentIds))) counts.set(asAgentId(row.agent_id), row.open);
      return counts;
    });
  }

  lastAssigneeOfContact(tenantId: TenantId, contactId: ContactId, sinceIso: string): Promise<AgentId | null> {
    return this.read(() => nullable(this.sql.lastAssigneeOfContact.get(tenantId, contactId, sinceIso), asAgentId));
  }

  transition(tenantId: TenantId, id: ConversationId, transition: Transition): Promise<TransitionResult> {
    return this.write((): TransitionResult => {
      const now = this.now();
      // An unknown label makes the transition invalid whatever the state: checked first.
      const labels = transition.to.labels === undefined ? undefined : this.labelNames(tenantId, transition.to.labels);
      // The check is the UPDATE's WHERE clause: concurrent claims cannot both see "unassigned", and
      // the capacity count is taken by the same statement.
      const row = this.queries.transition(tenantId, id, transition, now);
      if (!row) {
        const current = this.sql.conversationById.get(tenantId, id);
        return current ? { kind: 'refused', conversation: toConversation(current) } : { kind: 'not_found' };
      }
      // Same transaction (this write step): the agent's turn moves with the assignment.
      const assignee = transition.to.assigneeId;
      if (assignee !== undefined && assignee !== null) this.sql.agentAssigned.run(now, tenantId, assignee);
      if (labels !== undefined) {
        this.sql.clearConversationLabels.run(tenantId, id);
        for (const label of labels) this.sql.addConversationLabel.run(tenantId, id, label);
      }
      const { actor, name, text, data } = transition.event;
      const entry = this.insertEntry(row, now, {
        tenantId,
        target: { conversationId: id },
        sender: actor,
        clientMsgId: `evt:${randomUUID()}`,
        kind: 'event',
        text,
        data: { ...data, event: name },
      });
      const conversation = labels === undefined ? row : this.sql.conversationById.get(tenantId, id)!;
      return { kind: 'applied', conversation: toConversation(conversation), entry };
    });
  }

  /** The tenant's labels of these names (any case) as stored, without repeats; unknown names are invalid. */
  protected labelNames(tenantId: TenantId, names: readonly string[]): string[] {
    const found = new Set<string>();
    const unknown: string[] = [];
    for (const name of names) {
      const stored = this.sql.labelName.get(tenantId, name);
      if (stored === undefined) unknown.push(name);
      else found.add(stored);
    }
    if (unknown.length > 0) throw new AppError('invalid', `unknown labels: ${unknown.join(', ')}`);
    return [...found];
  }

  // Timeline

  append(draft: EntryDraft): Promise<AppendOutcome> {
    return this.write((): AppendOutcome => {
      const { tenantId, sender, clientMsgId } = draft;
      const existing = this.sql.entryBySenderKey.get(tenantId, sender.id, clientMsgId);
      if (existing) {
        const conversation = toConversation(this.sql.conversationById.get(tenantId, existing.conversation_id)!);
        return { kind: 'appended', entry: toEntry(existing), conversation, created: false, conversationCreated: false };
      }
      // One time for the entry and a conversation made for it: a conversation starts with its first entry.
      const now = this.now();
      const target = this.resolveTarget(tenantId, draft.target, now);
      if (!target) return { kind: 'not_found' };
      const named = 'conversationId' in draft.target ? draft.target : undefined;
      const message = draft.kind === 'text' || draft.kind === 'file';
      const nextSeq =
        message && sender.role === 'visitor'
          ? this.sql.nextSeqVisitorMessage
          : message && sender.role === 'agent'
            ? this.sql.nextSeqAgentMessage
            : this.sql.nextSeq;
      // Also the existence check of a named conversation and of its conditions: no row, no append.
      const row = nextSeq.get({
        tenantId,
        id: target.id,
        now,
        ofContact: named?.ofContact ?? null,
        unlessResolved: named?.unlessResolved ? 1 : 0,
        unlessContactBlocked: named?.unlessBlocked ? 1 : 0,
        unlessIpBlocked: named?.unlessBlocked?.ip ?? null,
      });
      if (!row) return { kind: 'not_found' };
      const entry = this.insertEntry(row, now, draft);
      return { kind: 'appended', entry, conversation: toConversation(row), created: true, conversationCreated: target.created };
    });
  }

  readTimeline(tenantId: TenantId, conversationId: ConversationId, afterSeq: number, limit: number): Promise<Entry[]> {
    return this.read(() => this.sql.timeline.all(tenantId, conversationId, afterSeq, Math.max(limit, 0)).map(toEntry));
  }

  findBySenderKey(tenantId: TenantId, senderId: string, clientMsgId: string, mode?: ReadMode): Promise<Entry | null> {
    return this.read(() => nullable(this.sql.entryBySenderKey.get(tenantId, senderId, clientMsgId), toEntry), mode);
  }

  /**
   * The named conversation (its existence is left to the statement that takes the seq), or the
   * contact's newest open one in the inbox, created if none.
   */
  protected resolveTarget(tenantId: TenantId, target: EntryTarget, now: string): { id: string; created: boolean } | null {
    if ('conversationId' in target) return { id: target.conversationId, created: false };
    const contact = this.sql.contactById.get(tenantId, target.contactId);
    if (contact?.inbox_id !== target.inboxId) return null;
    const open = this.sql.newestOpenConversation.get(tenantId, target.contactId, target.inboxId);
    if (open) return { id: open.id, created: false };
    const id = randomUUID();
    this.sql.insertConversation.run({
      id,
      tenantId,
      inboxId: target.inboxId,
      contactId: target.contactId,
      status: target.statusIfNew,
      teamId: target.teamIdIfNew ?? null,
      priority: target.priorityIfNew ?? 'normal',
      now,
    });
    return { id, created: true };
  }

  /**
   * Stores an entry under the seq just taken by `conversation` (its last_seq); search indexes it
   * shortly after. The entry is mapped from the row as written, as a read would map it back, so
   * nothing is read back.
   */
  protected insertEntry(conversation: ConversationRow, now: string, draft: EntryDraft): Entry {
    const row: EntryRow = {
      id: timeOrderedUuid(),
      tenant_id: conversation.tenant_id,
      conversation_id: conversation.id,
      seq: conversation.last_seq,
      sender_role: draft.sender.role,
      sender_id: draft.sender.id,
      sender_name: draft.sender.name ?? null,
      client_msg_id: draft.clientMsgId,
      kind: draft.kind,
      text: draft.text,
      data: draft.data == null ? null : JSON.stringify(draft.data),
      created_at: now,
    };
    this.sql.insertEntry.run(row);
    this.searchCatchUp.noteWritten();
    return toEntry(row);
  }

  // Cursors

  moveCursor(
    tenantId: TenantId,
    conversationId: ConversationId,
    participant: Participant,
    to: { ackSeq?: number; readSeq?: number },
  ): Promise<{ cursor: Cursor; moved: boolean }> {
    return this.write(() => {
      if (this.sql.conversationExists.get(tenantId, conversationId) === undefined) throw new AppError('not_found', 'conversation not found');
      const stored = this.sql.cursor.get(tenantId, conversationId, participant.id);
      const ackSeq = Math.max(stored?.ack_seq ?? 0, to.ackSeq ?? 0);
      const readSeq = Math.max(stored?.read_seq ?? 0, to.readSeq ?? 0);
      const moved = ackSeq > (stored?.ack_seq ?? 0) || readSeq > (stored?.read_seq ?? 0);
      if (!moved) {
        // Nothing to write: a replayed or out-of-order ack leaves the stored cursor as it was.
        const cursor = stored ? toCursor(stored) : { conversationId, participant, ackSeq: 0, readSeq: 0 };
        return { cursor, moved };
      }
      const row = this.sql.upsertCursor.get({
        tenantId,
        conversationId,
        participantId: participant.id,
        role: participant.role,
        name: participant.name ?? null,
        ackSeq,
        readSeq,
        now: this.now(),
      });
      return { cursor: toCursor(row!), moved };
    });
  }

  moveAckCursors(acks: readonly AckMove[]): Promise<number> {
    if (acks.length === 0) return Promise.resolve(0);
    return this.write(() => {
      const now = this.now();
      let moved = 0;
      for (const a of acks) {
        const { participant } = a;
        const params = { tenantId: a.tenantId, conversationId: a.conversationId, participantId: participant.id, role: participant.role, name: participant.name ?? null, ackSeq: a.ackSeq, now };
        moved += this.sql.advanceAckCursor.run(params).changes;
      }
      return moved;
    });
  }

  listCursors(tenantId: TenantId, conversationId: ConversationId): Promise<Cursor[]> {
    return this.read(() => this.sql.listCursors.all(tenantId, conversationId).map(toCursor));
  }
}
