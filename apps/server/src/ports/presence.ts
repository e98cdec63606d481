// Who is connected: live agent connections and their last activity, for availability and routing.
import type { AgentId, TenantId } from '../domain/ids.js';

export interface AgentPresence {
  agentId: AgentId;
  /** Live connections on every node (tabs, devices). */
  connections: number;
  /** Last frame or request from the agent, ms since the epoch. */
  lastActiveMs: number;
  /** When the last connection closed; null while connected. */
  offlineSinceMs: number | null;
}

export interface Presence {
  /** Counts a live connection. Idempotent per connection id. */
  agentConnected(tenantId: TenantId, agentId: AgentId, connectionId: string, nowMs: number): Promise<void>;
  /** Forgets a connection. Idempotent per connection id. */
  agentDisconnected(tenantId: TenantId, agentId: AgentId, connectionId: string, nowMs: number): Promise<void>;
  /** Records activity, for idle detection. Cheap enough to call on every frame. */
  agentActive(tenantId: TenantId, agentId: AgentId, nowMs: number): void;
  /** Every agent of the tenant seen since this node started (connected or not). */
  agentsOf(tenantId: TenantId): Promise<AgentPresence[]>;
  /** Called after an agent's first connection opens or last one closes. */
  onChange(handler: (tenantId: TenantId, agentId: AgentId) => void): () => void;
  close(): Promise<void>;
}
