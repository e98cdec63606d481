// Which available agent a routing policy prefers for the next conversation. Pure: the caller
// gathers the candidates (online members of the team) and makes the atomic claim in the store.
import type { AgentId } from './ids.js';

export type RoutingPolicy = 'least_busy' | 'round_robin' | 'manual';
export const ROUTING_POLICIES: readonly RoutingPolicy[] = ['least_busy', 'round_robin', 'manual'];

export interface Candidate {
  agentId: AgentId;
  /** Open conversations assigned now. */
  openCount: number;
  capacity: number;
  /** When the agent was last given a conversation; null if never. */
  lastAssignedAtMs: number | null;
}

const waitedLongest = (a: Candidate, b: Candidate) =>
  (a.lastAssignedAtMs ?? -Infinity) - (b.lastAssignedAtMs ?? -Infinity) || (a.agentId < b.agentId ? -1 : a.agentId > b.agentId ? 1 : 0);

/**
 * Agents under capacity, most preferred first. `least_busy`: fewest open conversations, ties to
 * whoever has waited longest since their last assignment. `round_robin`: whoever has waited
 * longest, so turns go around the team whatever the load. `manual`: nobody; agents pick from the queue.
 * A `sticky` agent (the one who last served this visitor) goes first when under capacity.
 */
export function rankCandidates(policy: RoutingPolicy, candidates: Candidate[], sticky: AgentId | null = null): AgentId[] {
  if (policy === 'manual') return [];
  const free = candidates.filter((c) => c.openCount < c.capacity);
  const ordered =
    policy === 'least_busy' ? [...free].sort((a, b) => a.openCount - b.openCount || waitedLongest(a, b)) : [...free].sort(waitedLongest);
  const ids = ordered.map((c) => c.agentId);
  if (sticky && ids.includes(sticky)) return [sticky, ...ids.filter((id) => id !== sticky)];
  return ids;
}
