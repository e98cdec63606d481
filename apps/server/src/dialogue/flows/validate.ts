// Checks flow definitions (untrusted data from an admin or a file) and returns them typed, with defaults.
import { FLOW_FORMAT, type FlowDefinition, type FlowStep } from './flow.js';
import { checkGraph } from './flow-graph.js';
import { parseRef } from './template.js';
import { FLOW_LIMITS, ID, isObj, q, str, strList, text, unknownKeys, type Add } from './validate-fields.js';
import { checkStepFields } from './validate-step.js';

export type { FlowDefinition, FlowStep } from './flow.js';
export { FLOW_LIMITS } from './validate-fields.js';
export { targets } from './flow-graph.js';

export type FlowValidation = { readonly ok: true; readonly flows: FlowDefinition[] } | { readonly ok: false; readonly issues: string[] };

/**
 * Validates every definition. All issues are collected, each prefixed with the flow and step it
 * concerns, so an admin fixes a file in one round; nothing is returned unless all are valid.
 */
export function validateFlows(raw: readonly unknown[]): FlowValidation {
  const issues: string[] = [];
  if (!Array.isArray(raw)) return { ok: false, issues: ['flows must be a list'] };
  if (raw.length > FLOW_LIMITS.flows) issues.push(`at most ${FLOW_LIMITS.flows} flows, got ${raw.length}`);
  const flows: FlowDefinition[] = [];
  const ids = new Set<string>();
  const entryOwner = new Map<string, string>();
  raw.forEach((item, index) => {
    const label = isObj(item) && typeof item.id === 'string' && item.id !== '' ? `flow ${q(item.id)}` : `flow #${index + 1}`;
    const flow = checkFlow(item, (m) => void issues.push(`${label}: ${m}`), (step, m) => void issues.push(`${label} step ${q(step)}: ${m}`));
    if (!flow) return;
    if (ids.has(flow.id)) issues.push(`${label}: id is used by another flow`);
    ids.add(flow.id);
    for (const entry of flow.trigger.entries) {
      const owner = entryOwner.get(entry);
      if (owner !== undefined && owner !== flow.id) issues.push(`${label}: trigger entry ${q(entry)} already starts flow ${q(owner)}`);
      entryOwner.set(entry, flow.id);
    }
    flows.push(flow);
  });
  return issues.length > 0 ? { ok: false, issues } : { ok: true, flows };
}

function checkFlow(raw: unknown, add: Add, addStep: (step: string, message: string) => void): FlowDefinition | undefined {
  if (!isObj(raw)) {
    add('must be an object');
    return undefined;
  }
  let problems = 0;
  const count: Add = (m) => {
    problems++;
    add(m);
  };
  unknownKeys(raw, ['format', 'id', 'version', 'name', 'trigger', 'start', 'steps', 'cancelText'], count);
  if (raw.format !== undefined && raw.format !== FLOW_FORMAT) count(`format ${JSON.stringify(raw.format)} is not supported (this server reads format ${FLOW_FORMAT})`);
  const id = str(raw, 'id', count, { max: FLOW_LIMITS.idChars, pattern: ID });
  const version = raw.version;
  if (!Number.isSafeInteger(version) || (version as number) < 1) count('version must be a positive integer');
  const name = str(raw, 'name', count, { max: FLOW_LIMITS.nameChars });
  const trigger = checkTrigger(raw.trigger, count);
  const start = str(raw, 'start', count, { max: FLOW_LIMITS.idChars });
  const cancelRefs = new Set<string>();
  const cancelText = raw.cancelText === undefined ? undefined : text(raw, 'cancelText', count, cancelRefs, 'text');

  const steps: Record<string, FlowStep> = {};
  const uses: Uses = { slots: new Set<string>(), vars: new Set<string>() };
  const pending: PendingRef[] = [...cancelRefs].map((ref) => ({ ref, add: count }));
  if (!isObj(raw.steps) || Object.keys(raw.steps).length === 0) {
    count('steps must be an object of step id → step, with at least one step');
  } else {
    const entries = Object.entries(raw.steps);
    if (entries.length > FLOW_LIMITS.steps) count(`at most ${FLOW_LIMITS.steps} steps, got ${entries.length}`);
    for (const [stepId, body] of entries) {
      const stepAdd: Add = (m) => {
        problems++;
        addStep(stepId, m);
      };
      if (!ID.test(stepId) || stepId.length > FLOW_LIMITS.idChars) stepAdd(`step id must be 1–${FLOW_LIMITS.idChars} letters, digits, "-" or "_"`);
      const step = checkStep(body, stepAdd, uses, pending);
      if (step) steps[stepId] = step;
    }
  }
  for (const { ref, add: refAdd } of pending) {
    const parsed = parseRef(ref);
    if ('error' in parsed) continue;
    const name = parsed.path[0]!;
    if (parsed.ns === 'slots' && !uses.slots.has(name)) refAdd(`${q(ref)}: no ask step fills slot ${q(name)}`);
    if (parsed.ns === 'vars' && !uses.vars.has(name)) refAdd(`${q(ref)}: no http step maps var ${q(name)}`);
  }
  if (problems > 0 || id === undefined || name === undefined || start === undefined || trigger === undefined) return undefined;

  const graphIssues = checkGraph(start, steps);
  graphIssues.forEach((g) => (g.step === undefined ? add(g.message) : addStep(g.step, g.message)));
  if (graphIssues.length > 0) return undefined;
  return {
    id,
    version: version as number,
    name,
    trigger,
    start,
    steps,
    ...(cancelText !== undefined ? { cancelText } : {}),
  };
}

function checkTrigger(raw: unknown, add: Add): FlowDefinition['trigger'] | undefined {
  if (raw === undefined) return { entries: [], keywords: [] };
  if (!isObj(raw)) {
    add('trigger must be an object with entries and/or keywords');
    return undefined;
  }
  unknownKeys(raw, ['entries', 'keywords'], (m) => add(`trigger: ${m}`));
  const entries = strList(raw, 'entries', (m) => add(`trigger: ${m}`), FLOW_LIMITS.idChars);
  const keywords = strList(raw, 'keywords', (m) => add(`trigger: ${m}`), FLOW_LIMITS.keywordChars);
  if (!entries || !keywords) return undefined;
  return { entries, keywords };
}

interface Uses {
  readonly slots: Set<string>;
  readonly vars: Set<string>;
}

/** A reference found in a step, checked once the whole flow is read (a later ask may fill a slot). */
interface PendingRef {
  readonly ref: string;
  readonly add: Add;
}

function checkStep(raw: unknown, add: Add, uses: Uses, pending: PendingRef[]): FlowStep | undefined {
  if (!isObj(raw)) {
    add('must be an object with a type');
    return undefined;
  }
  const refs = new Set<string>();
  const step = checkStepFields(raw, add, refs);
  // Read from the raw step, so one bad field does not also report every reference to its slot or vars.
  if (raw.type === 'ask' && typeof raw.slot === 'string') uses.slots.add(raw.slot);
  if (raw.type === 'http' && isObj(raw.map)) Object.keys(raw.map).forEach((v) => uses.vars.add(v));
  for (const ref of refs) pending.push({ ref, add });
  return step;
}
