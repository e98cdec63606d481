// From raw visitor text to what the semantic stage reads: normalized text and its tokens.
import type { Normalizer } from './normalize.js';
import type { AnalyzedText } from './semantic/tfidf-vectorizer.js';
import { tokenize } from './tokenize.js';

export function analyze(normalizer: Normalizer, raw: string): AnalyzedText {
  const text = normalizer.full(raw);
  return { text, tokens: tokenize(text) };
}
