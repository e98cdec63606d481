// A small lexicon of anger and frustration, zh and en: enough to notice a visitor the bot is failing.
import type { Normalizer } from './normalize.js';
import { PhraseMatcher } from './rules/phrase-matcher.js';

/** Weight 2: insults, threats to complain, fraud. Weight 1: dissatisfaction. */
const NEGATIVE: readonly (readonly [string, number])[] = [
  ['垃圾', 2], ['骗子', 2], ['骗人', 2], ['投诉', 2], ['举报', 2], ['欺诈', 2], ['坑人', 2], ['傻逼', 2], ['妈的', 2], ['他妈', 2],
  ['混蛋', 2], ['废物', 2], ['滚开', 2], ['滚蛋', 2], ['气死', 2], ['忍无可忍', 2], ['太坑', 2], ['退钱', 2], ['报警', 2], ['什么破', 2],
  ['太差', 1], ['很差', 1], ['差劲', 1], ['生气', 1], ['愤怒', 1], ['无语', 1], ['失望', 1], ['恶心', 1], ['不满意', 1],
  ['受不了', 1], ['搞什么', 1], ['太慢', 1], ['烦死', 1], ['没用', 1], ['离谱', 1], ['坑', 1],
  ['scam', 2], ['fraud', 2], ['ripoff', 2], ['rip off', 2], ['wtf', 2], ['sue', 2], ['lawyer', 2], ['complaint', 2],
  ['unacceptable', 2], ['disgusting', 2], ['pathetic', 2], ['incompetent', 2], ['furious', 2], ['worst', 2], ['useless', 2],
  ['terrible', 1], ['awful', 1], ['horrible', 1], ['ridiculous', 1], ['angry', 1], ['hate', 1], ['disappointed', 1],
  ['frustrated', 1], ['frustrating', 1], ['annoyed', 1], ['annoying', 1], ['stupid', 1], ['sucks', 1], ['garbage', 1],
  ['complain', 1], ['fed up', 1], ['sick of', 1],
];
/** Positive words count as negative when negated ("not happy", "不满意" is listed itself). */
const POSITIVE = ['happy', 'satisfied', 'helpful', 'good', 'great', 'working', 'fair', '满意', '好用', '靠谱', '开心'];
const NEGATOR_BEFORE = /(?:\b(?:not|no|never|dont|doesnt|didnt|isnt|wasnt|arent|cant|wont|hardly)\b(?:\s+\w+)?\s*|[不没别](?:太|很|够)?)$/u;

export interface SentimentOptions {
  /** Score from which a message counts as negative. Default 2. */
  threshold: number;
}

export interface SentimentResult {
  readonly score: number;
  readonly negative: boolean;
  /** The phrases that counted, for the trace. */
  readonly cues: readonly string[];
}

interface Cue {
  readonly phrase: string;
  readonly weight: number;
  readonly positive: boolean;
}

export class SentimentDetector {
  private readonly matcher: PhraseMatcher<Cue>;
  private readonly options: SentimentOptions;

  constructor(normalizer: Normalizer, options: Partial<SentimentOptions> = {}) {
    this.options = { threshold: 2, ...options };
    const entries: [string, Cue][] = [
      ...NEGATIVE.map(([phrase, weight]): [string, Cue] => [phrase, { phrase, weight, positive: false }]),
      ...POSITIVE.map((phrase): [string, Cue] => [phrase, { phrase, weight: 1, positive: true }]),
    ];
    this.matcher = new PhraseMatcher(entries, normalizer.full);
  }

  /**
   * Scores `normalized` (`Normalizer.full`) text; `light` text (punctuation kept) adds half a
   * point for repeated "!" or "?", the typography of exasperation.
   */
  analyze(normalized: string, light = ''): SentimentResult {
    let score = /[!?]{2,}/.test(light) ? 0.5 : 0;
    const cues: string[] = [];
    for (const m of this.matcher.findLongest(normalized)) {
      const negated = NEGATOR_BEFORE.test(normalized.slice(Math.max(0, m.start - 16), m.start));
      // A negated complaint ("not bad") is not one; a negated compliment ("not happy") is.
      if (m.value.positive !== negated) continue;
      score += m.value.weight;
      cues.push(negated ? `not ${m.value.phrase}` : m.value.phrase);
    }
    return { score, negative: score >= this.options.threshold, cues };
  }
}
