// Detecting a visitor who asks for a person, in Chinese or English.
import type { Normalizer } from './normalize.js';
import { PhraseMatcher } from './rules/phrase-matcher.js';

/** Phrases that ask for a person wherever they appear in the message. */
export const HUMAN_REQUEST_PHRASES: readonly string[] = [
  '转人工', '人工客服', '人工服务', '人工坐席', '真人', '真人客服', '活人', '找人工', '要人工', '接人工', '转接人工',
  '找客服', '客服人员', '人工台', '人工', '转人工服务', '人工帮忙', '换人工', '叫人工', '请人工',
  // Calling someone out by role ("叫你们客服出来", "让经理来跟我说").
  '叫客服', '叫你们客服', '客服出来', '让客服来', '找个客服', '找工作人员', '叫工作人员', '有没有工作人员', '工作人员在吗',
  '找经理', '叫经理', '你们经理', '让经理', '经理出来', '找主管', '叫主管', '你们主管', '让主管', '主管出来',
  '找领导', '叫领导', '你们领导',
  // Refusing the bot ("不想跟机器人说话"); a bare "机器人" is a product (扫地机器人), so only these forms.
  '不想跟机器人', '不想和机器人', '不跟机器人', '不和机器人', '不要机器人', '别用机器人', '机器人听不懂', '别自动回复', '不要自动回复',
  '找个人来', '找人来', '换个人来', '来个人',
  'human', 'agent', 'real person', 'live person', 'live agent', 'live chat', 'representative', 'operator',
  'talk to someone', 'speak to someone', 'speak with someone', 'talk to a person', 'speak to a person',
  'speak with a person', 'talk to a human', 'speak to a human', 'customer service rep', 'customer support agent',
  'a manager', 'the manager', 'your manager', 'a supervisor', 'the supervisor', 'your supervisor', 'someone real', 'actual person', 'not a bot', 'not a robot',
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
