// The shape of a flow as a graph: where each step can go, what is reachable, and loops that never wait.
import type { FlowStep } from './flow.js';
import { q } from './validate-fields.js';

export interface GraphIssue {
  readonly step?: string;
  readonly message: string;
}

/** Targets exist, every step is reachable, no loop runs without waiting for the visitor. */
export function checkGraph(start: string, steps: Readonly<Record<string, FlowStep>>): GraphIssue[] {
  const issues: GraphIssue[] = [];
  if (!Object.hasOwn(steps, start)) issues.push({ message: `start ${q(start)} is not a step` });
  for (const [id, step] of Object.entries(steps)) {
    for (const target of targets(step)) if (!Object.hasOwn(steps, target)) issues.push({ step: id, message: `next step ${q(target)} does not exist` });
  }
  if (issues.length > 0) return issues;

  const seen = new Set<string>([start]);
  const queue = [start];
  while (queue.length > 0) {
    for (const t of targets(steps[queue.shift()!]!)) {
      if (!seen.has(t)) {
        seen.add(t);
        queue.push(t);
      }
    }
  }
  for (const id of Object.keys(steps)) if (!seen.has(id)) issues.push({ step: id, message: `is unreachable from start ${q(start)}` });

  const loop = loopWithoutAsk(steps);
  if (loop) issues.push({ step: loop[0]!, message: `loops (${loop.map(q).join(' → ')}) without an ask step, so it would never stop` });
  return issues;
}

/** The steps a step can go to. */
export function targets(step: FlowStep): string[] {
  switch (step.type) {
    case 'ask':
      return step.onFail !== undefined ? [step.next, step.onFail] : [step.next];
    case 'condition':
      return [...step.cases.map((c) => c.next), step.else];
    case 'http':
      return [step.next, step.onError, ...Object.values(step.onStatus)];
    case 'message':
    case 'set_attribute':
    case 'tag':
      return [step.next];
    case 'handoff':
    case 'end':
      return [];
  }
}

/** A cycle among steps that run without input (an ask waits, so it breaks a cycle), or undefined. */
function loopWithoutAsk(steps: Readonly<Record<string, FlowStep>>): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (id: string): string[] | undefined => {
    if (steps[id]!.type === 'ask' || state.get(id) === 'done') return undefined;
    if (state.get(id) === 'open') return [...path.slice(path.indexOf(id)), id];
    state.set(id, 'open');
    path.push(id);
    for (const t of targets(steps[id]!)) {
      const found = visit(t);
      if (found) return found;
    }
    path.pop();
    state.set(id, 'done');
    return undefined;
  };
  for (const id of Object.keys(steps)) {
    const found = visit(id);
    if (found) return found;
  }
  return undefined;
}
