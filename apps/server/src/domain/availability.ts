// Whether an agent can take conversations now: a live connection, their own status, and recent activity.
import type { Agent, ManualStatus, TenantSettings } from './model.js';

export type Availability = 'online' | 'away' | 'offline';

export interface AgentLiveness {
  connections: number;
  lastActiveMs: number;
}

/**
 * `offline` without a live connection (any tab on any device) or when the agent chose offline;
 * `away` when the agent chose away or has been idle longer than the tenant allows; else `online`.
 */
export function availabilityOf(
  agent: Pick<Agent, 'manualStatus'>,
  live: AgentLiveness | undefined,
  settings: Pick<TenantSettings, 'idleAwayMs'>,
  nowMs: number,
): Availability {
  const manual: ManualStatus = agent.manualStatus;
  if (!live || live.connections === 0 || manual === 'offline') return 'offline';
  if (manual === 'away' || nowMs - live.lastActiveMs > settings.idleAwayMs) return 'away';
  return 'online';
}

export function effectiveCapacity(agent: Pick<Agent, 'capacity'>, settings: Pick<TenantSettings, 'defaultCapacity'>): number {
  return agent.capacity ?? settings.defaultCapacity;
}
