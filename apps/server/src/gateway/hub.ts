// The connections of this node, indexed by who they are and what they watch, and the delivery
// of bus events to them. Each event is serialized once per audience, not once per connection.
import type { ServerFrame } from '@kefu/protocol';
import type { AgentId, ContactId, ConversationId, TenantId } from '../domain/ids.js';
import type { Conversation } from '../domain/model.js';
import type { BusEvent } from '../ports/bus.js';
import { conversationView, entryFrame } from '../presenters/frames.js';
import type { Connection } from './connection.js';

function addTo<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(value);
}

function removeFrom<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  const set = map.get(key);
  if (!set) return;
  set.delete(value);
  if (set.size === 0) map.delete(key);
}

export class Hub {
  private readonly all = new Set<Connection>();
  private readonly byContact = new Map<ContactId, Set<Connection>>();
  private readonly byAgent = new Map<AgentId, Set<Connection>>();
  private readonly agentsByTenant = new Map<TenantId, Set<Connection>>();
  private readonly watchers = new Map<ConversationId, Set<Connection>>();

  get size(): number {
    return this.all.size;
  }

  connections(): IterableIterator<Connection> {
    return this.all.values();
  }

  /** Every open connection, authenticated or not. */
  add(conn: Connection): void {
    this.all.add(conn);
  }

  /** Called once hello has set the principal. */
  register(conn: Connection): void {
    const p = conn.principal;
    if (!p) return;
    if (p.role === 'visitor') addTo(this.byContact, p.contactId, conn);
    else {
      addTo(this.byAgent, p.agentId, conn);
      addTo(this.agentsByTenant, p.tenantId, conn);
    }
  }

  watch(conn: Connection, conversationId: ConversationId): void {
    if (conn.watching.has(conversationId)) return;
    conn.watching.add(conversationId);
    addTo(this.watchers, conversationId, conn);
  }

  remove(conn: Connection): void {
    this.all.delete(conn);
    for (const id of conn.watching) removeFrom(this.watchers, id, conn);
    conn.watching.clear();
    const p = conn.principal;
    if (!p) return;
    if (p.role === 'visitor') removeFrom(this.byContact, p.contactId, conn);
    else {
      removeFrom(this.byAgent, p.agentId, conn);
      removeFrom(this.agentsByTenant, p.tenantId, conn);
    }
  }

  deliver(event: BusEvent): void {
    switch (event.type) {
      case 'entry.appended': {
        const recipients = event.visitorOnly ? new Set(this.byContact.get(event.conversation.contactId)) : this.participantsOf(event.conversation);
        const forAgents = JSON.stringify(entryFrame(event.entry, 'agent'));
        const forVisitors = event.entry.kind === 'note' ? JSON.stringify(entryFrame(event.entry, 'visitor')) : forAgents;
        for (const conn of recipients) {
          if (conn.sessionId === event.origin) continue;
          conn.sendEntry(event.conversation.id, event.entry.seq, conn.principal?.role === 'visitor' ? forVisitors : forAgents);
        }
        return;
      }
      case 'typing.changed': {
        const text = JSON.stringify({ t: 'typing', conv: event.conversation.id, from: event.from, on: event.on } satisfies ServerFrame);
        this.sendToOthers(event.conversation, event.from.id, text);
        return;
      }
      case 'cursor.read': {
        const text = JSON.stringify({ t: 'receipt', conv: event.conversation.id, from: event.from, read: event.readSeq } satisfies ServerFrame);
        this.sendToOthers(event.conversation, event.from.id, text);
        return;
      }
      case 'queue.updated': {
        const frame: ServerFrame = { t: 'queue', conv: event.conversation.id, position: event.position, etaSec: Math.ceil(event.etaMs / 1000) };
        const text = JSON.stringify(frame);
        for (const conn of this.byContact.get(event.conversation.contactId) ?? []) conn.sendRaw(text);
        return;
      }
      case 'agent.updated':
      case 'routing.changed':
        return;
      case 'conversation.updated': {
        const text = JSON.stringify({ t: 'conv', conv: conversationView(event.conversation) } satisfies ServerFrame);
        for (const conn of this.agentsByTenant.get(event.tenantId) ?? []) conn.sendRaw(text);
        return;
      }
    }
  }

  /** The visitor's connections, the assignee's, and every connection watching the conversation. */
  private participantsOf(conversation: Conversation): Set<Connection> {
    const out = new Set<Connection>(this.byContact.get(conversation.contactId));
    if (conversation.assigneeId) for (const c of this.byAgent.get(conversation.assigneeId) ?? []) out.add(c);
    for (const c of this.watchers.get(conversation.id) ?? []) out.add(c);
    return out;
  }

  private sendToOthers(conversation: Conversation, participantId: string, text: string): void {
    for (const conn of this.participantsOf(conversation)) {
      const p = conn.principal;
      const id = p?.role === 'visitor' ? p.contactId : p?.agentId;
      if (id !== participantId) conn.sendRaw(text);
    }
  }
}
