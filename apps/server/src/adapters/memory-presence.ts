// Presence for a single node: connection sets in memory. A cluster uses the Redis adapter instead.
import type { AgentId, TenantId } from '../domain/ids.js';
import type { AgentPresence, Presence } from '../ports/presence.js';

interface Entry {
  connections: Set<string>;
  lastActiveMs: number;
  offlineSinceMs: number | null;
}

export class MemoryPresence implements Presence {
  private readonly tenants = new Map<TenantId, Map<AgentId, Entry>>();
  private readonly handlers = new Set<(tenantId: TenantId, agentId: AgentId) => void>();

  private entry(tenantId: TenantId, agentId: AgentId, nowMs: number): Entry {
    let agents = this.tenants.get(tenantId);
    if (!agents) this.tenants.set(tenantId, (agents = new Map<AgentId, Entry>()));
    let entry = agents.get(agentId);
    if (!entry) agents.set(agentId, (entry = { connections: new Set(), lastActiveMs: nowMs, offlineSinceMs: nowMs }));
    return entry;
  }

  async agentConnected(tenantId: TenantId, agentId: AgentId, connectionId: string, nowMs: number): Promise<void> {
    const entry = this.entry(tenantId, agentId, nowMs);
    const wasOffline = entry.connections.size === 0;
    entry.connections.add(connectionId);
    entry.lastActiveMs = nowMs;
    entry.offlineSinceMs = null;
    if (wasOffline) this.changed(tenantId, agentId);
  }

  async agentDisconnected(tenantId: TenantId, agentId: AgentId, connectionId: string, nowMs: number): Promise<void> {
    const entry = this.entry(tenantId, agentId, nowMs);
    if (!entry.connections.delete(connectionId)) return;
    if (entry.connections.size === 0) {
      entry.offlineSinceMs = nowMs;
      this.changed(tenantId, agentId);
    }
  }

  agentActive(tenantId: TenantId, agentId: AgentId, nowMs: number): void {
    const entry = this.tenants.get(tenantId)?.get(agentId);
    if (entry) entry.lastActiveMs = Math.max(entry.lastActiveMs, nowMs);
  }

  async agentsOf(tenantId: TenantId): Promise<AgentPresence[]> {
    return [...(this.tenants.get(tenantId) ?? new Map<AgentId, Entry>())].map(([agentId, e]) => ({
      agentId,
      connections: e.connections.size,
      lastActiveMs: e.lastActiveMs,
      offlineSinceMs: e.offlineSinceMs,
    }));
  }

  onChange(handler: (tenantId: TenantId, agentId: AgentId) => void): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  async close(): Promise<void> {
    this.handlers.clear();
  }

  private changed(tenantId: TenantId, agentId: AgentId): void {
    for (const handler of this.handlers) handler(tenantId, agentId);
  }
}
