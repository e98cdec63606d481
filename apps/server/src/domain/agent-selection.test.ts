import { describe, expect, it } from 'vitest';
import { rankCandidates, type Candidate } from './agent-selection.js';
import { asAgentId } from './ids.js';

const c = (id: string, openCount: number, lastAssignedAtMs: number | null, capacity = 5): Candidate => ({
  agentId: asAgentId(id),
  openCount,
  capacity,
  lastAssignedAtMs,
});

describe('rankCandidates', () => {
  it('least busy: prefers the agent with the fewest open conversations', () => {
    expect(rankCandidates('least_busy', [c('a', 3, 1), c('b', 1, 2), c('c', 2, 0)])).toEqual(['b', 'c', 'a']);
  });

  it('least busy: breaks ties by who has waited longest since their last assignment', () => {
    expect(rankCandidates('least_busy', [c('a', 1, 300), c('b', 1, 100), c('c', 1, null)])).toEqual(['c', 'b', 'a']);
  });

  it('round robin: goes by who has waited longest, whatever the load', () => {
    expect(rankCandidates('round_robin', [c('a', 0, 300), c('b', 4, 100)])).toEqual(['b', 'a']);
  });

  it('never offers an agent at capacity', () => {
    expect(rankCandidates('least_busy', [c('a', 5, 0), c('b', 4, 9)])).toEqual(['b']);
    expect(rankCandidates('round_robin', [c('a', 5, 0)])).toEqual([]);
  });

  it('manual pool: assigns nobody', () => {
    expect(rankCandidates('manual', [c('a', 0, null)])).toEqual([]);
  });

  it('puts the sticky agent first when under capacity, and ignores them at capacity', () => {
    expect(rankCandidates('least_busy', [c('a', 0, 0), c('b', 3, 0)], asAgentId('b'))).toEqual(['b', 'a']);
    expect(rankCandidates('least_busy', [c('a', 0, 0), c('b', 5, 0)], asAgentId('b'))).toEqual(['a']);
  });
});
