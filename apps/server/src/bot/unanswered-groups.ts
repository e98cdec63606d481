// Groups the questions the bot could not answer by likeness, so an admin sees "12 × 能开发票吗" once, not twelve times.
import type { UnansweredQuestion } from '../domain/bot.js';
import { basicNormalizer } from '../dialogue/normalize.js';
import { charNgrams } from '../dialogue/tokenize.js';

export interface UnansweredGroup {
  /** The wording most often asked in the group (the newest among ties). */
  readonly text: string;
  readonly count: number;
  /** Every question of the group, newest first: what convert and dismiss take. */
  readonly questionIds: readonly string[];
  /** Distinct wordings (by normalized text, each as last typed), most asked first (at most 20). */
  readonly variants: readonly string[];
  readonly conversationIds: readonly string[];
  readonly lastAskedAt: string;
  /** The bot's best guess when it was asked most recently. */
  readonly bestGuess: { readonly entryId: string; readonly score: number } | null;
}

/**
 * Cosine of character 1–2-gram counts at or above which two questions are one. 0.6 joins
 * "能开发票吗" with "可以开发票吗" and "how do I get an invoice" with "how can I get an invoice",
 * and keeps "发票抬头写错了" apart from "能开发票吗".
 */
export const SAME_QUESTION_COSINE = 0.6;

type Profile = Map<string, number>;

function profile(normalized: string): Profile {
  const out: Profile = new Map();
  // Unigrams and bigrams of the text without spaces serve Chinese and English alike.
  for (const g of charNgrams(normalized.replace(/ /g, ''), 1, 2)) out.set(g, (out.get(g) ?? 0) + 1);
  return out;
}

function cosine(a: Profile, b: Profile): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (const [k, v] of a) {
    na += v * v;
    dot += v * (b.get(k) ?? 0);
  }
  for (const v of b.values()) nb += v * v;
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
}

interface Building {
  readonly seed: Profile;
  readonly questions: UnansweredQuestion[];
  /** Normalized wording → its newest raw text and how often it was asked. */
  readonly byText: Map<string, { text: string; count: number }>;
}

/**
 * Greedy single pass over the questions, newest first: each joins the first group whose first
 * question it resembles (same normalized text, or cosine ≥ threshold), else starts a group.
 * Groups come back most asked first, then most recent.
 */
export function groupUnanswered(questions: readonly UnansweredQuestion[], threshold = SAME_QUESTION_COSINE): UnansweredGroup[] {
  const groups: Building[] = [];
  const byNormalized = new Map<string, Building>();
  const newestFirst = [...questions].sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
  for (const q of newestFirst) {
    const normalized = basicNormalizer.full(q.text);
    let group = byNormalized.get(normalized);
    if (!group) {
      const p = profile(normalized);
      group = groups.find((g) => cosine(g.seed, p) >= threshold);
      if (!group) {
        group = { seed: p, questions: [], byText: new Map() };
        groups.push(group);
      }
      byNormalized.set(normalized, group);
    }
    group.questions.push(q);
    const wording = group.byText.get(normalized);
    if (wording) wording.count++;
    else group.byText.set(normalized, { text: q.text.trim(), count: 1 });
  }
  return groups
    .map((g): UnansweredGroup => {
      // Map order is first-seen, which is newest first; a stable sort keeps it among ties.
      const variants = [...g.byText.values()].sort((a, b) => b.count - a.count).map((w) => w.text);
      const newest = g.questions[0]!;
      return {
        text: variants[0] ?? newest.text,
        count: g.questions.length,
        questionIds: g.questions.map((q) => q.id),
        variants: variants.slice(0, 20),
        conversationIds: [...new Set(g.questions.map((q) => q.conversationId as string))],
        lastAskedAt: newest.createdAt,
        bestGuess: newest.scores[0] ?? null,
      };
    })
    .sort((a, b) => b.count - a.count || (a.lastAskedAt < b.lastAskedAt ? 1 : a.lastAskedAt > b.lastAskedAt ? -1 : 0));
}
