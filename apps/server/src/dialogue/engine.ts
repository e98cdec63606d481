// The understanding engine: normalize → handoff cues → rules → semantic → decision, with a trace of each message.
import type { Encoder } from '../ports/encoder.js';
import { analyze } from './analyze.js';
import { decide, defaultDecisionConfig, initialDialogueState, type Decision, type DecisionConfig, type DialogueState, type ScoredEntry } from './decision.js';
import { HumanRequestDetector, HUMAN_REQUEST_PHRASES } from './handoff-phrases.js';
import { enabledEntries, type KnowledgeEntry } from './knowledge-base.js';
import type { LlmStage, LlmVerdict } from './llm-stage.js';
import { createNormalizer, type NormalizeOptions, type Normalizer } from './normalize.js';
import { PhraseMatcher } from './rules/phrase-matcher.js';
import type { Rule } from './rules/rule.js';
import { RuleSet, validateRules, type RuleIssue } from './rules/rule-set.js';
import { EncoderHead, defaultEncoderHeadOptions, type EncoderExample, type FitHead } from './semantic/encoder-head.js';
import { EncoderNearest } from './semantic/encoder-nearest.js';
import { SemanticMatcher, defaultSemanticOptions, retrievalHeldOut, type SemanticOptions } from './semantic/semantic-matcher.js';
import { TopK } from './semantic/example-index.js';
import { topK } from './semantic/top-k.js';
import { tokenize } from './tokenize.js';
import { SentimentDetector, type SentimentOptions } from './sentiment.js';

export interface EngineOptions {
  readonly normalize?: NormalizeOptions;
  readonly rules?: readonly Rule[];
  readonly decision?: Partial<DecisionConfig>;
  readonly semantic?: Partial<SemanticOptions>;
  /**
   * A matcher trained elsewhere (a worker thread) on exactly the enabled entries, in order; the
   * build then skips training. `semantic` options are the trainer's business then.
   */
  readonly trainedSemantic?: SemanticMatcher;
  readonly sentiment?: Partial<SentimentOptions>;
  /** Phrases that hand off at once, whatever else the message says (e.g. "lawyer", "律师"). Default none. */
  readonly restrictedPhrases?: readonly string[];
  /** Replaces the built-in phrases with which visitors ask for a person. */
  readonly humanRequestPhrases?: readonly string[];
  /**
   * Optional sentence encoder; the engine works well without one. With one, a softmax regression
   * trained at build on the embeddings of every entry's questions (and of the background
   * sentences, as one more class) is mixed geometrically into the semantic scores (`EncoderHead`).
   * Above `semantic.retrievalAbove` entries, where the lexical stage turns to nearest examples, so
   * does the encoder stage (`EncoderNearest`): nothing is fitted then.
   */
  readonly encoder?: Encoder;
  /** Share w of the encoder in the mix p^(1 − w) · q^w. Default 0.5 (chosen on validation data). */
  readonly encoderWeight?: number;
  /** Where the encoder head's regression is fitted (a server passes a worker thread). Default this thread. Unused above `retrievalAbove` entries. */
  readonly fitEncoderHead?: FitHead;
  /** Optional LLM, asked only about messages the engine would clarify or fall back on. Default none. */
  readonly llm?: LlmStage;
}

/** Whether the LLM stage was asked about a message, what came of it and how long it took. */
export type LlmTrace = { readonly asked: false } | { readonly asked: true; readonly outcome: LlmVerdict['kind']; readonly entryId?: string; readonly latencyMs: number };

/** Why a decision was made, stage by stage; what the workbench shows an admin tuning the bot. */
export interface Trace {
  readonly normalized: string;
  readonly stage: 'handoff' | 'rule' | 'semantic';
  readonly ruleId?: string;
  readonly entryId?: string;
  /** Best semantic scores (empty when an earlier stage decided). */
  readonly scores: readonly ScoredEntry[];
  readonly thresholds: { readonly answer: number; readonly clarify: number; readonly ratio: number; readonly margin: number };
  readonly sentiment: { readonly score: number; readonly cues: readonly string[] };
  readonly decision: Decision['kind'];
  /** Present when the engine has an LLM stage. */
  readonly llm?: LlmTrace;
  readonly latencyMs: number;
}

export interface Understanding {
  readonly decision: Decision;
  /** Keep this for the conversation's next message. */
  readonly state: DialogueState;
  readonly trace: Trace;
}

/** The encoder stage: a fitted head, or a large knowledge base's nearest examples. */
type EncoderStage = ({ readonly head: EncoderHead } | { readonly nearest: EncoderNearest }) & { readonly latinScriptOnly: boolean };

/** A letter of a script other than Latin (Han, Cyrillic, …). */
const NON_LATIN_LETTER = /(?!\p{Script=Latin})\p{L}/u;

/** Characters of a message the engine reads. */
export const MAX_MESSAGE_CHARS = 2_000;

export type EngineBuild = { readonly ok: true; readonly engine: DialogueEngine } | { readonly ok: false; readonly issues: readonly RuleIssue[] };

export class DialogueEngine {
  private constructor(
    private readonly entries: ReadonlyMap<string, KnowledgeEntry>,
    private readonly normalizer: Normalizer,
    private readonly rules: RuleSet,
    private readonly semantic: SemanticMatcher | undefined,
    private readonly human: HumanRequestDetector,
    private readonly restricted: PhraseMatcher<string>,
    private readonly sentiment: SentimentDetector,
    private readonly config: DecisionConfig,
    private readonly encoder: EncoderStage | undefined,
    private readonly llm: LlmStage | undefined,
  ) {}

  /**
   * Builds every index and trains the classifier: CPU-bound, seconds for tens of thousands of
   * examples, so a server runs it off the event loop. Entries must be validated already; invalid
   * rules come back as issues, never half-applied.
   */
  static async build(entries: readonly KnowledgeEntry[], options: EngineOptions = {}): Promise<EngineBuild> {
    const active = enabledEntries(entries);
    const issues = validateRules(options.rules ?? [], new Set(active.map((e) => e.id)));
    if (issues.length > 0) return { ok: false, issues };
    const normalizer = await createNormalizer(options.normalize);
    const trained = options.trainedSemantic;
    if (trained && trained.entryIds.join('\n') !== active.map((e) => e.id).join('\n')) throw new Error('trained matcher was built for other entries');
    const semantic = active.length > 0 ? (trained ?? SemanticMatcher.build(active, (t) => analyze(normalizer, t), options.semantic)) : undefined;
    const encoder = options.encoder && semantic ? await buildEncoderStage(options.encoder, active, semantic.kind, options) : undefined;
    const engine = new DialogueEngine(
      new Map(active.map((e) => [e.id, e])),
      normalizer,
      new RuleSet(active, options.rules ?? [], normalizer),
      semantic,
      new HumanRequestDetector(normalizer, options.humanRequestPhrases ?? HUMAN_REQUEST_PHRASES),
      new PhraseMatcher((options.restrictedPhrases ?? []).map((p) => [p, p] as const), normalizer.full),
      new SentimentDetector(normalizer, options.sentiment),
      { ...defaultDecisionConfig, ...options.decision },
      encoder,
      options.llm,
    );
    return { ok: true, engine };
  }

  /** The entry an answer decision points to. */
  entry(id: string): KnowledgeEntry | undefined {
    return this.entries.get(id);
  }

  /** Understands one visitor message given the conversation's state. */
  async understand(message: string, state: DialogueState): Promise<Understanding> {
    const started = performance.now();
    // A question fits in a few hundred characters; the cap bounds segmentation and matching
    // cost when someone pastes a log file into the widget.
    const text = message.slice(0, MAX_MESSAGE_CHARS);
    const light = this.normalizer.light(text);
    const full = this.normalizer.full(text);
    const mood = this.sentiment.analyze(full, light);
    const early = {
      humanRequest: this.human.detect(full),
      restrictedPhrase: this.restricted.findAll(full)[0]?.value,
      negativeSentiment: mood.negative,
    };
    const ruleHit = early.humanRequest || early.restrictedPhrase || early.negativeSentiment ? undefined : this.rules.match(light, full);
    const needsScores = !early.humanRequest && !early.restrictedPhrase && !early.negativeSentiment && !ruleHit;
    const ranked = needsScores ? await this.rank(full) : [];
    const decided = decide({ ...early, ruleHit, ranked, tagsOf: (id) => this.entries.get(id)?.tags ?? [] }, state, this.config);
    const verdict = needsScores && this.llm?.wants(decided.decision, ranked) ? await this.askLlm(this.llm, text, ranked) : undefined;
    const outcome = verdict?.kind === 'answered'
      ? { ...decided, decision: { kind: 'answer', entryId: verdict.entryId, score: ranked.find((r) => r.entryId === verdict.entryId)?.score ?? 0, text: verdict.text } as const, state: initialDialogueState }
      : decided;
    const d = outcome.decision;
    const trace: Trace = {
      normalized: full,
      stage: outcome.stage,
      ...(ruleHit ? { ruleId: ruleHit.ruleId } : {}),
      ...(d.kind === 'answer' ? { entryId: d.entryId } : {}),
      scores: ranked.slice(0, 3),
      thresholds: { answer: this.config.answerThreshold, clarify: this.config.clarifyThreshold, ratio: this.config.ambiguityRatio, margin: this.config.ambiguityMargin },
      sentiment: { score: mood.score, cues: mood.cues },
      decision: d.kind,
      ...(this.llm ? { llm: verdict ? { asked: true as const, outcome: verdict.kind, ...(verdict.kind === 'answered' ? { entryId: verdict.entryId } : {}), latencyMs: verdict.latencyMs } : { asked: false as const } } : {}),
      latencyMs: performance.now() - started,
    };
    return { decision: d, state: outcome.state, trace };
  }

  /** The ranked entries the bot may answer (restricted tags are a person's job) go to the LLM with the visitor's own words. */
  private async askLlm(llm: LlmStage, text: string, ranked: readonly ScoredEntry[]): Promise<LlmVerdict> {
    const allowed = (e: KnowledgeEntry): boolean => !(e.tags ?? []).some((t) => this.config.restrictedTags.includes(t));
    const candidates = ranked.map((r) => this.entries.get(r.entryId)).filter((e): e is KnowledgeEntry => e !== undefined && allowed(e));
    return llm.ask(text, candidates);
  }

  /** Which encoder stage runs: none, the fitted head, or nearest examples (above `retrievalAbove` entries). */
  get encoderKind(): 'none' | 'head' | 'nearest' {
    return !this.encoder ? 'none' : 'head' in this.encoder ? 'head' : 'nearest';
  }

  /** Entries by semantic score, best first (the top few; the decision reads no further). */
  private async rank(full: string): Promise<ScoredEntry[]> {
    if (!this.semantic) return [];
    // `full` is normalized already; normalizing again would only repeat the work.
    const doc = { text: full, tokens: tokenize(full) };
    const ids = this.semantic.entryIds;
    // Without an encoder the matcher picks its best entries itself: a large knowledge base's
    // scores are never spread over an array of every entry.
    // A Latin-only encoder says nothing about a message in another script: the lexical scores
    // stand alone there, as without an encoder.
    const encoderReads = this.encoder && !(this.encoder.latinScriptOnly && NON_LATIN_LETTER.test(full));
    if (!this.encoder || !encoderReads) return this.semantic.top(doc, 5).map((r) => ({ entryId: ids[r.index] ?? '', score: r.score }));
    if ('nearest' in this.encoder) {
      const lexical = this.semantic.scoredEntries(doc);
      let scores: ReadonlyMap<number, number> = lexical;
      try {
        const nearest = this.encoder.nearest;
        scores = nearest.mix(await nearest.embed(full), lexical, ids.length);
      } catch {
        // As below: without the encoder the lexical scores stand alone.
      }
      const best = new TopK(5);
      for (const [i, s] of scores) best.offer(i, s);
      return best.sorted().map((r) => ({ entryId: ids[r.index] ?? '', score: r.score }));
    }
    const head = this.encoder.head;
    let scores = this.semantic.score(doc);
    try {
      const [q] = await head.probabilities([full]);
      if (q) scores = head.combine(scores, q);
    } catch {
      // The encoder port promises nothing partial; without it the lexical scores stand alone.
    }
    return topK(scores, 5).map((r) => ({ entryId: ids[r.index] ?? '', score: r.score }));
  }
}

/**
 * The encoder's stage over the entries: each entry's question and similar questions are its class;
 * the background sentences the lexical classifier learns as off-topic (when it learns any) are one
 * more class, the last, whose mass meets the share the lexical scores leave to no entry. A head
 * is fitted on them, unless the lexical stage is on its nearest-example path (a knowledge base
 * above `retrievalAbove` entries): then the encoder's nearest examples, calibrated on the same
 * held-out questions as the lexical ones.
 */
async function buildEncoderStage(encoder: Encoder, active: readonly KnowledgeEntry[], lexical: SemanticMatcher['kind'], options: EngineOptions): Promise<EncoderStage> {
  const examples: EncoderExample[] = active.flatMap((e, label) => [e.question, ...e.similar].map((text) => ({ text, label })));
  const semantic = { ...defaultSemanticOptions, ...options.semantic };
  for (const text of semantic.background) examples.push({ text, label: active.length });
  const classes = active.length + (semantic.background.length > 0 ? 1 : 0);
  const weight = options.encoderWeight ?? defaultEncoderHeadOptions.weight;
  const latinScriptOnly = encoder.latinScriptOnly === true;
  if (lexical === 'classifier') return { head: await EncoderHead.train(encoder, examples, classes, { weight }, options.fitEncoderHead), latinScriptOnly };
  const heldOut = retrievalHeldOut(active.map((e) => 1 + e.similar.length), semantic);
  return { nearest: await EncoderNearest.build(encoder, examples, classes, { weight, depth: semantic.retrievalDepth, heldOut }), latinScriptOnly };
}
