// The optional LLM stage: a message the engine is unsure about goes to a language model with the best few entries, to be answered from them or not at all.
import type { ChatMessage, LlmClient } from '../ports/llm.js';
import type { Decision, ScoredEntry } from './decision.js';
import type { KnowledgeEntry } from './knowledge-base.js';

/** What the model must reply, alone, when no entry answers the question. */
export const NO_ANSWER = 'NO_ANSWER';

export interface LlmStageOptions {
  /** Time the engine waits for the model before its own decision stands. Default 4000 ms. */
  timeoutMs: number;
  /**
   * The model is asked only when the best entry scores at least this. Below it no entry is near
   * enough to ground an answer, and the call would cost latency for a near-certain NO_ANSWER. Default 0.03.
   */
  minTopScore: number;
  /** Entries put in the prompt, best first. Default 3. */
  entries: number;
  /** Longest reply, in tokens. Default 300. */
  maxTokens: number;
}

export const defaultLlmStageOptions: Readonly<LlmStageOptions> = Object.freeze({ timeoutMs: 4_000, minTopScore: 0.03, entries: 3, maxTokens: 300 });

/** What came of asking; every kind but `answered` leaves the engine's decision as it was. */
export type LlmVerdict =
  | { readonly kind: 'answered'; readonly entryId: string; readonly text: string; readonly latencyMs: number }
  | { readonly kind: 'no_answer' | 'timeout' | 'error' | 'unusable'; readonly latencyMs: number; readonly detail?: string };

const SYSTEM = [
  'You answer customer questions for a support team, using ONLY the knowledge-base entries below.',
  'If one entry answers the question, reply with its number in square brackets, then the answer written from that entry\'s answer alone, e.g. "[2] Refunds take 3 working days."',
  'Do not add facts, promises, prices, dates or links that the entry does not state. Reply in the language of the question.',
  `If no entry answers the question, reply with exactly ${NO_ANSWER} and nothing else.`,
].join('\n');

export class LlmStage {
  readonly options: LlmStageOptions;

  constructor(
    private readonly client: LlmClient,
    options: Partial<LlmStageOptions> = {},
  ) {
    this.options = { ...defaultLlmStageOptions, ...options };
  }

  /** The uncertain slice: the engine would clarify or fall back, yet some entry is near enough to ground on. */
  wants(decision: Decision, ranked: readonly ScoredEntry[]): boolean {
    if (decision.kind !== 'clarify' && decision.kind !== 'fallback') return false;
    return (ranked[0]?.score ?? 0) >= this.options.minTopScore;
  }

  /** Asks once, within the timeout; never rejects. */
  async ask(question: string, candidates: readonly KnowledgeEntry[]): Promise<LlmVerdict> {
    const started = performance.now();
    const elapsed = (): number => performance.now() - started;
    const shown = candidates.slice(0, this.options.entries);
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => {
        controller.abort();
        resolve('timeout');
      }, this.options.timeoutMs);
    });
    try {
      // The race also covers a client that ignores the abort signal.
      const reply = await Promise.race([this.client.complete(prompt(question, shown), { signal: controller.signal, maxTokens: this.options.maxTokens }), timedOut]);
      if (reply === 'timeout') return { kind: 'timeout', latencyMs: elapsed() };
      return { ...parseReply(reply, shown), latencyMs: elapsed() };
    } catch (error) {
      if (controller.signal.aborted) return { kind: 'timeout', latencyMs: elapsed() };
      return { kind: 'error', latencyMs: elapsed(), detail: error instanceof Error ? error.message : String(error) };
    } finally {
      clearTimeout(timer);
    }
  }
}

/** The entries as numbered question–answer pairs in the system message; the visitor's words alone in the user message. */
export function prompt(question: string, entries: readonly KnowledgeEntry[]): ChatMessage[] {
  const listed = entries.map((e, i) => {
    const also = e.similar.length > 0 ? `\nAlso asked as: ${e.similar.slice(0, 5).join(' | ')}` : '';
    return `[${i + 1}]\nQuestion: ${e.question}${also}\nAnswer: ${e.answer}`;
  });
  return [
    { role: 'system', content: `${SYSTEM}\n\nKnowledge-base entries:\n\n${listed.join('\n\n')}` },
    { role: 'user', content: question },
  ];
}

type Parsed = { kind: 'answered'; entryId: string; text: string } | { kind: 'no_answer' | 'unusable'; detail?: string };

/** A reply counts only when it is NO_ANSWER or cites one of the entries shown; anything else is unusable. */
export function parseReply(reply: string, shown: readonly KnowledgeEntry[]): Parsed {
  const text = reply.trim();
  if (text === NO_ANSWER || (text.includes(NO_ANSWER) && !/^\[\d+\]/.test(text))) return { kind: 'no_answer' };
  const cited = /^\[(\d+)\]\s*([\s\S]*)$/.exec(text);
  const entry = cited ? shown[Number(cited[1]) - 1] : undefined;
  if (!cited || !entry) return { kind: 'unusable', detail: text.slice(0, 200) };
  const answer = (cited[2] ?? '').trim();
  if (answer === '' || answer.includes(NO_ANSWER)) return { kind: 'no_answer' };
  return { kind: 'answered', entryId: entry.id, text: answer };
}
