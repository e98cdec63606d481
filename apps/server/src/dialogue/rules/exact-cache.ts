// Exact-question cache: a visitor who types a known question, in any width, case or punctuation, gets its entry at once.
import type { KnowledgeEntry } from '../knowledge-base.js';

export class ExactQuestionCache {
  private readonly byText = new Map<string, string>();

  /** `normalize` must be the engine's `Normalizer.full`, the form the visitor's text is looked up in. */
  constructor(entries: readonly KnowledgeEntry[], normalize: (text: string) => string) {
    for (const e of entries) {
      for (const q of [e.question, ...e.similar]) {
        const key = normalize(q);
        // Validation refuses a question shared by two entries; the first one keeps it regardless.
        if (key !== '' && !this.byText.has(key)) this.byText.set(key, e.id);
      }
    }
  }

  /** The entry whose question equals the normalized text, if any. */
  lookup(normalized: string): string | undefined {
    return this.byText.get(normalized);
  }

  get size(): number {
    return this.byText.size;
  }
}
