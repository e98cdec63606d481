// The flow format: a declarative, versioned multi-turn task (docs/flows.md), as it is after validation.

/** Version of the flow format this server reads; a definition may state it as `format`. */
export const FLOW_FORMAT = 1;

export interface QuickReply {
  readonly label: string;
  readonly text: string;
}

/** How an `ask` step checks an answer; every given check must pass. */
export interface AskValidation {
  /** Built-in kinds; an answer is stored in its normalized form (e.g. an order id upper-cased). */
  readonly type?: 'number' | 'email' | 'phone' | 'orderId';
  /** Regex (Unicode, case-insensitive) the whole answer must match. */
  readonly pattern?: string;
  /** The answer must be one of these (or its 1-based number); stored as the option itself. */
  readonly options?: readonly string[];
}

export interface AskStep {
  readonly type: 'ask';
  readonly slot: string;
  readonly prompt: string;
  readonly quickReplies?: readonly QuickReply[];
  readonly validate?: AskValidation;
  /** Said after an invalid answer; default: a generic zh-CN/English line. */
  readonly retryPrompt?: string;
  /** Invalid answers before `onFail`. Default 3. */
  readonly maxAttempts: number;
  /** Step after `maxAttempts` invalid answers; absent: the flow ends. */
  readonly onFail?: string;
  readonly next: string;
}

/** A button of a card: sends its `text` as the visitor's reply, or opens its `url`. */
export interface CardButton {
  readonly label: string;
  readonly text?: string;
  readonly url?: string;
}

/** A card under a message: a title, text, an optional image and buttons; every string a template. */
export interface Card {
  readonly title: string;
  readonly text?: string;
  readonly imageUrl?: string;
  readonly buttons?: readonly CardButton[];
}

export interface MessageStep {
  readonly type: 'message';
  readonly text: string;
  readonly quickReplies?: readonly QuickReply[];
  readonly card?: Card;
  readonly next: string;
}

/** A test on one reference (`slots.x`, `vars.x`, `contact.name`, `contact.attributes.x`). */
export type Condition =
  | { readonly var: string; readonly equals: string | number | boolean }
  | { readonly var: string; readonly in: ReadonlyArray<string | number | boolean> }
  | { readonly var: string; readonly matches: string }
  | { readonly var: string; readonly exists: boolean };

export interface ConditionStep {
  readonly type: 'condition';
  /** The first case whose `when` holds decides. */
  readonly cases: ReadonlyArray<{ readonly when: Condition; readonly next: string }>;
  readonly else: string;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface HttpStep {
  readonly type: 'http';
  readonly method: HttpMethod;
  /** Template; values from slots, vars and contact are percent-encoded, env and secrets are not. */
  readonly url: string;
  /** Header templates; may use `{{secrets.NAME}}`. */
  readonly headers: Readonly<Record<string, string>>;
  /** JSON template: every string inside is a template. */
  readonly body?: unknown;
  /** Default 5,000 ms. */
  readonly timeoutMs: number;
  /** var name → path in the JSON response (`data.items.0.name`); `$status` is the HTTP status. */
  readonly map: Readonly<Record<string, string>>;
  /** Steps for particular HTTP statuses (e.g. 404), checked before `onError`. */
  readonly onStatus: Readonly<Record<string, string>>;
  readonly next: string;
  /** Network errors, timeouts and non-2xx statuses without an `onStatus` step. */
  readonly onError: string;
}

export interface SetAttributeStep {
  readonly type: 'set_attribute';
  readonly key: string;
  readonly value: string;
  readonly next: string;
}

export interface TagStep {
  readonly type: 'tag';
  readonly label: string;
  readonly next: string;
}

export interface HandoffStep {
  readonly type: 'handoff';
  /** Team name or id; null: the bot's default handoff team. */
  readonly team: string | null;
  /** Said to the visitor before the handoff; absent: the caller's own handoff text. */
  readonly text?: string;
  /** Note for the agent who takes over (template). */
  readonly summary: string;
}

export interface EndStep {
  readonly type: 'end';
  readonly text?: string;
}

export type FlowStep = AskStep | MessageStep | ConditionStep | HttpStep | SetAttributeStep | TagStep | HandoffStep | EndStep;
export type StepType = FlowStep['type'];

export interface FlowTrigger {
  /** Knowledge-base entry ids whose answer starts this flow instead. */
  readonly entries: readonly string[];
  /** Phrases that start the flow when found in the normalized message. */
  readonly keywords: readonly string[];
}

export interface FlowDefinition {
  readonly id: string;
  /** The definition's own revision, a positive integer; state from another revision restarts. */
  readonly version: number;
  readonly name: string;
  readonly trigger: FlowTrigger;
  readonly start: string;
  readonly steps: Readonly<Record<string, FlowStep>>;
  /** Said when the visitor cancels; absent: a built-in line. */
  readonly cancelText?: string;
}
