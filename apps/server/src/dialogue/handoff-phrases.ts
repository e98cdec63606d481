// Detecting a visitor who asks for a person, in Chinese or English.
import type { Normalizer } from './normalize.js';
import { PhraseMatcher } from './rules/phrase-matcher.js';

/** Phrases that ask for a person wherever they appear in the message. */
export const HUMAN_REQUEST_PHRASES: readonly string[] = [
  '转人工', '人工客服', '人工服务', '人工坐席', '真人', '真人客服', '活人', '找人工', '要人工', '接人工', '转接人工',
  '找客服', '客服人员', '人工台', '人工', '转人工服务', '人工帮忙',
  'human', 'agent', 'real person', 'live person', 'live agent', 'live chat', 'representative', 'operator',
  'talk to someone', 'speak to someone', 'speak with someone', 'talk to a person', 'speak to a person',
  'speak with a person', 'talk to a human', 'speak to a human', 'customer service rep', 'customer support agent',
];

// A bare "人工" also means "artificial" (人工智能, 人工费). It is taken as a request only
// when the message is little more than the word itself ("人工", "人工！", "要人工啊").
const AMBIGUOUS: ReadonlySet<string> = new Set(['人工']);
const MAX_CHARS_AROUND_AMBIGUOUS = 3;

export class HumanRequestDetector {
  private readonly matcher: PhraseMatcher<string>;

  constructor(normalizer: Normalizer, phrases: readonly string[] = HUMAN_REQUEST_PHRASES) {
    this.matcher = new PhraseMatcher(phrases.map((p) => [p, normalizer.full(p)] as const), normalizer.full);
  }

  /** The phrase that asks for a person, or undefined. `normalized` is `Normalizer.full` text. */
  detect(normalized: string): string | undefined {
    for (const m of this.matcher.findLongest(normalized)) {
      if (!AMBIGUOUS.has(m.value)) return m.value;
      if (normalized.replace(/\s/g, '').length - (m.end - m.start) <= MAX_CHARS_AROUND_AMBIGUOUS) return m.value;
    }
    return undefined;
  }
}
