// Runs a flow for one visitor message: answers the pending ask, then steps on until it needs input, ends or hands off.
import { checkAnswer, tidy } from './answer.js';
import type { AskStep, Card, Condition, FlowDefinition, FlowStep, HttpStep, QuickReply } from './flow.js';
import { display, lookup, parseRef, readPath, render, soleRef, type Ref, type Scope } from './template.js';

/** Where a flow waits between visitor messages; plain JSON, kept with the conversation. */
export interface FlowState {
  readonly flowId: string;
  /** The definition's version when the flow started; another version restarts it. */
  readonly version: number;
  /** The ask step waiting for the visitor's answer. */
  readonly step: string;
  /** Invalid answers so far to that step. */
  readonly attempts: number;
  readonly slots: Readonly<Record<string, string>>;
  readonly vars: Readonly<Record<string, unknown>>;
}

export interface FlowHttpRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  /** A JSON value, sent as `application/json`. */
  readonly body?: unknown;
  readonly timeoutMs: number;
}

/** The flow's only way out: business calls, their secrets, and values such as the server's own base URL. */
export interface FlowRuntime {
  /** Resolves with any HTTP status; rejects on network errors and timeouts (the flow takes `onError`). */
  http(req: FlowHttpRequest): Promise<{ status: number; body: unknown }>;
  readonly secrets: Readonly<Record<string, string>>;
  /** `{{env.name}}` values, e.g. `baseUrl`. */
  readonly env?: Readonly<Record<string, string>>;
}

export interface FlowContact {
  readonly name: string | null;
  readonly email: string | null;
  readonly attributes: Readonly<Record<string, unknown>>;
}

export interface FlowInput {
  readonly text: string;
  readonly contact: FlowContact;
}

export interface FlowReply {
  readonly text: string;
  readonly data?: { readonly quickReplies?: QuickReply[]; readonly card?: Card };
}

export type FlowAction =
  | { readonly kind: 'set_attribute'; readonly key: string; readonly value: string }
  | { readonly kind: 'tag'; readonly label: string }
  | { readonly kind: 'handoff'; readonly team: string | null; readonly summary: string };

export interface FlowResult {
  readonly replies: FlowReply[];
  /** For the caller to apply, in order. */
  readonly actions: FlowAction[];
  /** Null once the flow ended, was cancelled or handed off. */
  readonly state: FlowState | null;
  /** Step ids visited, in order, for the turn's trace. */
  readonly steps: string[];
  readonly outcome: 'waiting' | 'ended' | 'handoff' | 'cancelled';
  /** What went wrong on the way (a failed call, a stale state), for the trace; never shown to the visitor. */
  readonly notes: string[];
}

/** Messages with which a visitor leaves a flow, compared whole after normalizing. */
export const CANCEL_WORDS: readonly string[] = ['取消', '退出', '算了', '不用了', 'cancel', 'quit', 'exit', 'stop'];

export const FLOW_TEXTS = Object.freeze({
  cancelled: '好的，已退出当前流程。还有什么可以帮您？ OK, I stopped here. Anything else I can help with?',
  retry: '输入的格式不正确，请重新输入。 That does not look right; please try again.',
  gaveUp: '多次输入无效，已退出当前流程。 Too many invalid answers; I stopped here.',
  broken: '抱歉，处理时出了问题，请稍后再试或联系人工客服。 Sorry, something went wrong; try again later or ask for a person.',
});

/** Steps one call may run; validation rules out loops without an ask, so this only guards against bugs. */
export const MAX_STEPS_PER_CALL = 250;
/** HTTP calls one visitor message may cause, so a long chain cannot keep a conversation waiting for minutes. */
export const MAX_HTTP_PER_CALL = 5;
/** Bytes of JSON a var may hold: the state is stored with the conversation. */
export const MAX_VAR_BYTES = 4_096;

export function isCancel(text: string): boolean {
  const bare = tidy(text).toLowerCase().replace(/[\s\p{P}\p{S}]/gu, '');
  return CANCEL_WORDS.includes(bare);
}

/** The flow a message starts: one triggered by the answered entry first, then one whose keyword it contains. */
export function triggeredFlow(flows: readonly FlowDefinition[], message: { entryId?: string; normalizedText: string }): FlowDefinition | undefined {
  const { entryId } = message;
  if (entryId !== undefined) {
    const byEntry = flows.find((f) => f.trigger.entries.includes(entryId));
    if (byEntry) return byEntry;
  }
  const text = tidy(message.normalizedText).toLowerCase();
  if (text === '') return undefined;
  return flows.find((f) => f.trigger.keywords.some((k) => text.includes(tidy(k).toLowerCase())));
}

/**
 * Runs `flow` for one message. With no state it starts at `start` (the message only triggered it);
 * with a state the message answers the pending ask. Never throws for what a flow or a business API
 * does: failures take the flow's `onError` / `onFail` steps, or end it with an apology.
 */
export async function runFlow(flow: FlowDefinition, state: FlowState | null, input: FlowInput, runtime: FlowRuntime): Promise<FlowResult> {
  const run = new Run(flow, input, runtime);
  if (state === null) return run.from(flow.start);
  const pending = flow.steps[state.step];
  if (state.flowId !== flow.id || state.version !== flow.version || pending?.type !== 'ask') {
    run.notes.push(`state of ${state.flowId} v${state.version} at ${JSON.stringify(state.step)} does not fit v${flow.version}; restarted`);
    return run.from(flow.start);
  }
  run.slots = { ...state.slots };
  run.vars = { ...state.vars };
  if (isCancel(input.text)) {
    run.say(flow.cancelText ?? FLOW_TEXTS.cancelled);
    return run.finish('cancelled');
  }
  run.steps.push(state.step);
  const answer = checkAnswer(input.text, pending.validate);
  if (answer.ok) {
    run.slots[pending.slot] = answer.value;
    return run.from(pending.next);
  }
  const attempts = state.attempts + 1;
  if (attempts < pending.maxAttempts) {
    run.say(pending.retryPrompt ?? `${FLOW_TEXTS.retry}\n${pending.prompt}`, askReplies(pending));
    return run.wait(state.step, attempts);
  }
  run.notes.push(`${state.step}: ${attempts} invalid answers`);
  if (pending.onFail !== undefined) return run.from(pending.onFail);
  run.say(FLOW_TEXTS.gaveUp);
  return run.finish('ended');
}

function askReplies(step: AskStep): readonly QuickReply[] | undefined {
  return step.quickReplies ?? step.validate?.options?.slice(0, 10).map((o) => ({ label: o, text: o }));
}

class Run {
  readonly replies: FlowReply[] = [];
  readonly actions: FlowAction[] = [];
  readonly steps: string[] = [];
  readonly notes: string[] = [];
  slots: Record<string, string> = {};
  vars: Record<string, unknown> = {};
  private readonly attributes: Record<string, unknown>;
  private httpCalls = 0;

  constructor(
    private readonly flow: FlowDefinition,
    private readonly input: FlowInput,
    private readonly runtime: FlowRuntime,
  ) {
    this.attributes = { ...input.contact.attributes };
  }

  /** What a template sees; `withSecrets` only for an http request, so no secret reaches a reply. */
  scope(withSecrets = false): Scope {
    return {
      slots: this.slots,
      vars: this.vars,
      contact: { name: this.input.contact.name, email: this.input.contact.email, attributes: this.attributes },
      env: this.runtime.env ?? {},
      secrets: withSecrets ? this.runtime.secrets : {},
    };
  }

  text(template: string): string {
    return render(template, this.scope());
  }

  say(template: string, quickReplies?: readonly QuickReply[], card?: Card): void {
    const text = this.text(template);
    const replies = quickReplies?.map((r) => ({ label: r.label, text: this.text(r.text) }));
    const data = {
      ...(replies && replies.length > 0 ? { quickReplies: replies } : {}),
      ...(card ? { card: this.card(card) } : {}),
    };
    this.replies.push(Object.keys(data).length > 0 ? { text, data } : { text });
  }

  /** A card with every string filled; an image or button URL that came out empty is left out. */
  card(card: Card): Card {
    const opt = (key: 'text' | 'imageUrl', template: string | undefined) => {
      const value = template === undefined ? '' : this.text(template);
      return value.trim() === '' ? {} : { [key]: value };
    };
    const buttons = (card.buttons ?? [])
      .map((b) => ({ label: b.label, ...(b.text !== undefined ? { text: this.text(b.text) } : {}), ...(b.url !== undefined ? { url: this.text(b.url) } : {}) }))
      .filter((b) => (b.text ?? b.url ?? '').trim() !== '');
    return { title: this.text(card.title), ...opt('text', card.text), ...opt('imageUrl', card.imageUrl), ...(buttons.length > 0 ? { buttons } : {}) };
  }

  result(state: FlowState | null, outcome: FlowResult['outcome']): FlowResult {
    return { replies: this.replies, actions: this.actions, state, steps: this.steps, outcome, notes: this.notes };
  }

  finish(outcome: 'ended' | 'handoff' | 'cancelled'): FlowResult {
    return this.result(null, outcome);
  }

  wait(step: string, attempts: number): FlowResult {
    const state: FlowState = { flowId: this.flow.id, version: this.flow.version, step, attempts, slots: this.slots, vars: this.vars };
    return this.result(state, 'waiting');
  }

  async from(first: string): Promise<FlowResult> {
    let current = first;
    for (let budget = MAX_STEPS_PER_CALL; budget > 0; budget--) {
      const step: FlowStep | undefined = this.flow.steps[current];
      if (step === undefined) {
        this.notes.push(`step ${JSON.stringify(current)} does not exist`);
        break;
      }
      this.steps.push(current);
      switch (step.type) {
        case 'ask':
          this.say(step.prompt, askReplies(step));
          return this.wait(current, 0);
        case 'message':
          this.say(step.text, step.quickReplies, step.card);
          current = step.next;
          break;
        case 'condition':
          current = step.cases.find((c) => this.holds(c.when))?.next ?? step.else;
          break;
        case 'http':
          current = await this.call(current, step);
          break;
        case 'set_attribute': {
          const value = this.text(step.value);
          this.attributes[step.key] = value;
          this.actions.push({ kind: 'set_attribute', key: step.key, value });
          current = step.next;
          break;
        }
        case 'tag':
          this.actions.push({ kind: 'tag', label: step.label });
          current = step.next;
          break;
        case 'handoff':
          if (step.text !== undefined) this.say(step.text);
          this.actions.push({ kind: 'handoff', team: step.team, summary: this.text(step.summary) });
          return this.finish('handoff');
        case 'end':
          if (step.text !== undefined) this.say(step.text);
          return this.finish('ended');
      }
    }
    if (this.steps.length >= MAX_STEPS_PER_CALL) this.notes.push(`stopped after ${MAX_STEPS_PER_CALL} steps`);
    this.say(FLOW_TEXTS.broken);
    return this.finish('ended');
  }

  holds(when: Condition): boolean {
    const ref = parseRef(when.var);
    const value = 'error' in ref ? undefined : lookup(this.scope(), ref);
    const present = value !== undefined && value !== null && value !== '';
    if ('exists' in when) return present === when.exists;
    if (!present) return false;
    const shown = display(value);
    if ('equals' in when) return shown === String(when.equals);
    if ('in' in when) return when.in.some((v) => shown === String(v));
    return new RegExp(when.matches, 'iu').test(shown.slice(0, 1_000));
  }

  /** Makes the request and returns the step to go on with. */
  async call(id: string, step: HttpStep): Promise<string> {
    if (++this.httpCalls > MAX_HTTP_PER_CALL) {
      this.notes.push(`${id}: more than ${MAX_HTTP_PER_CALL} calls for one message`);
      return step.onError;
    }
    const scope = this.scope(true);
    // Values from the visitor cannot add path segments or query parameters; env and secrets are the admin's own.
    const url = render(step.url, scope, (text, ref) => (trusted(ref) ? text : encodeURIComponent(text)));
    if (!/^https?:\/\/[^\s/]/i.test(url)) {
      this.notes.push(`${id}: url is not http(s) once filled in`);
      return step.onError;
    }
    // A line break in a header value would start a new header.
    const headers = Object.fromEntries(Object.entries(step.headers).map(([k, v]) => [k, render(v, scope, (t) => t.replace(/[\r\n]+/g, ' '))]));
    let response: { status: number; body: unknown };
    try {
      response = await this.runtime.http({
        method: step.method,
        url,
        headers,
        timeoutMs: step.timeoutMs,
        ...(step.body !== undefined ? { body: fillJson(step.body, scope) } : {}),
      });
    } catch (error) {
      this.notes.push(`${id}: ${(error as Error).name === 'TimeoutError' ? `timed out after ${step.timeoutMs} ms` : (error as Error).message}`);
      return step.onError;
    }
    for (const [name, path] of Object.entries(step.map)) {
      const value = path === '$status' ? response.status : path === '$' ? response.body : readPath(response.body, path.split('.'));
      const size = value === undefined ? 0 : Buffer.byteLength(JSON.stringify(value));
      if (size > MAX_VAR_BYTES) this.notes.push(`${id}: ${name} is ${size} bytes, over ${MAX_VAR_BYTES}; left out`);
      else if (value === undefined) delete this.vars[name];
      else this.vars[name] = value;
    }
    const special = step.onStatus[String(response.status)];
    if (special !== undefined) return special;
    if (response.status >= 200 && response.status < 300) return step.next;
    this.notes.push(`${id}: HTTP ${response.status}`);
    return step.onError;
  }
}

const trusted = (ref: Ref): boolean => ref.ns === 'env' || ref.ns === 'secrets';

/** Fills every string of a JSON template; a string that is one placeholder keeps the value's own type. */
function fillJson(value: unknown, scope: Scope): unknown {
  if (typeof value === 'string') {
    const ref = soleRef(value);
    return ref ? (lookup(scope, ref) ?? null) : render(value, scope);
  }
  if (Array.isArray(value)) return value.map((v) => fillJson(v, scope));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillJson(v, scope)]));
  return value;
}
