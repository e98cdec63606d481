// Conversation events between components and nodes.
import type { TenantId } from '../domain/ids.js';
import type { Agent, Conversation, Entry, Participant } from '../domain/model.js';

export type BusEvent =
  /** An entry was stored; carries the conversation as it is after the append. */
  | {
      type: 'entry.appended';
      tenantId: TenantId;
      conversation: Conversation;
      entry: Entry;
      origin?: string;
      /** Delivered to the visitor's own connections only (a blocked visitor's message). */
      visitorOnly?: boolean;
    }
  /** A conversation was created or its status, assignee or team changed. */
  | { type: 'conversation.updated'; tenantId: TenantId; conversation: Conversation }
  | { type: 'typing.changed'; tenantId: TenantId; conversation: Conversation; from: Participant; on: boolean; origin?: string }
  | { type: 'cursor.read'; tenantId: TenantId; conversation: Conversation; from: Participant; readSeq: number }
  /** An agent's status, capacity, role or teams changed; routing looks again. */
  | { type: 'agent.updated'; tenantId: TenantId; agent: Agent }
  /** Teams or routing settings of the tenant changed; routing looks again. */
  | { type: 'routing.changed'; tenantId: TenantId }
  /** A queued conversation's place in its queue, or its estimated wait, changed. */
  | { type: 'queue.updated'; tenantId: TenantId; conversation: Conversation; position: number; etaMs: number }
  /** The tenant's active bot version changed (a publish or a rollback); every node loads it. */
  | { type: 'bot.changed'; tenantId: TenantId; version: number };

// `origin` names the connection (session id) that caused an event, which already has its answer
// (`sent`) and so is skipped on delivery.

export type BusEventType = BusEvent['type'];

export interface Bus {
  /**
   * Hands the event to every subscriber, on this node and others. Best effort: a subscriber
   * may miss an event (clients catch up from the store with resume/sync), and may see one twice
   * (handlers are idempotent). Events of one conversation published by one node arrive in order.
   */
  publish(event: BusEvent): void;
  /** Registers a handler; returns the function that removes it. Handlers must not throw. */
  subscribe(handler: (event: BusEvent) => void): () => void;
  close(): Promise<void>;
}
