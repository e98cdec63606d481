// Text as search sees it, shared by both Store adapters so that they find the same things.
//
// Chinese and Japanese have no spaces between words, so every CJK character (and every kana and
// hangul syllable) becomes a token of its own; a word is then a phrase of consecutive tokens, and
// 订单 is found inside 我的订单号是多少 as the tokens 订 单. Other letters and digits form words,
// split at anything else (spaces, punctuation, symbols). Text is NFKC-normalized (full-width
// letters and digits become ASCII) and lowercased, so search ignores case and width. A word
// longer than MAX_WORD_CHARS is indexed and searched by its first MAX_WORD_CHARS characters, as
// search engines cap a token (Lucene and Elasticsearch at 255, PostgreSQL's tsvector skips a word
// of 2 KiB): nobody searches for 48 KiB without a space, and indexing one cost full-text search
// 3 ms a message (bench B10).
//
// SQLite indexes `searchText(text)` with FTS5 (tokenizer `SEARCH_TOKENIZER`, which splits exactly
// at the spaces put here) and queries `ftsPhrase(query)`; the memory adapter matches the same
// tokens with `findPhrase`. Changing the tokens here changes what an existing index means: it then
// needs a migration that rebuilds it.

export interface SearchToken {
  /** Normalized: NFKC, lowercase. */
  text: string;
  /** Code point offsets [start, end) in the NFC form of the text the token came from. */
  start: number;
  end: number;
}

/** Characters (code points) of a word that search keeps; the rest of a longer word is left out. */
export const MAX_WORD_CHARS = 64;

/** What FTS5 must treat as token characters: everything `searchTokens` keeps, nothing more. */
export const SEARCH_TOKENIZER = "unicode61 remove_diacritics 0 categories 'L* N* Co M*'";

const WORD_CHAR = /^[\p{L}\p{N}\p{M}\p{Co}]$/u;
const SINGLE_CHAR = /^[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}\p{scx=Hangul}]$/u;

/** What one character (code point) of NFC text becomes for search: NFKC, lowercased, and each of those characters' kinds. */
interface Folded {
  chars: string[];
  /** Per char: 0 not a word character, 1 part of a word, 2 a token on its own. */
  kinds: Array<0 | 1 | 2>;
}

// Each character folded once: the same few hundred or thousand come back in every message (and
// `searchText` takes ASCII without it). Bounded, since text can hold any of a million code points.
const folded = new Map<string, Folded>();
const FOLDED_MAX = 20_000;

function fold(char: string): Folded {
  let f = folded.get(char);
  if (f) return f;
  const chars = Array.from(char.normalize('NFKC').toLowerCase());
  f = { chars, kinds: chars.map((c) => (!WORD_CHAR.test(c) ? 0 : SINGLE_CHAR.test(c) ? 2 : 1)) };
  if (folded.size >= FOLDED_MAX) folded.clear();
  folded.set(char, f);
  return f;
}

/**
 * The code points of the text (NFC) and its tokens, in order. A word's token keeps its first
 * `maxWordChars` characters and spans the whole word.
 */
export function searchTokens(text: string, maxWordChars = MAX_WORD_CHARS): { chars: string[]; tokens: SearchToken[] } {
  const chars = Array.from(text.normalize('NFC'));
  const tokens: SearchToken[] = [];
  let word: SearchToken | null = null;
  let wordChars = 0;
  const flush = () => {
    if (word) tokens.push(word);
    word = null;
    wordChars = 0;
  };
  chars.forEach((char, i) => {
    // Per code point, so that every token maps back to a span of the text (for snippets).
    const f = fold(char);
    f.chars.forEach((c, k) => {
      const kind = f.kinds[k];
      if (kind === 0) flush();
      else if (kind === 2) {
        flush();
        tokens.push({ text: c, start: i, end: i + 1 });
      } else if (word) {
        if (wordChars < maxWordChars) {
          word.text += c;
          wordChars += 1;
        }
        word.end = i + 1;
      } else {
        word = { text: c, start: i, end: i + 1 };
        wordChars = 1;
      }
    });
  });
  flush();
  return { chars, tokens };
}

/**
 * The text as the full-text index stores it: its tokens separated by spaces. The same tokens as
 * `searchTokens`, without their spans, made in one pass: every message is indexed, and folding each
 * character with `normalize` and two Unicode regular expressions made indexing most of the
 * server's time for long messages (bench B10). ASCII, which NFKC leaves alone, takes a shortcut.
 */
export function searchText(text: string, maxWordChars = MAX_WORD_CHARS): string {
  const nfc = text.normalize('NFC');
  let out = '';
  let inWord = false;
  /** Characters of the word being written, when inWord. */
  let wordChars = 0;
  // `token` is a run of `length` ASCII word characters, or one character of any kind (which may be
  // two UTF-16 units): only an ASCII run is ever cut, so slicing it by units cuts no character.
  const push = (token: string, kind: 1 | 2, length: number): void => {
    if (kind === 1 && inWord) {
      const room = maxWordChars - wordChars;
      if (room > 0) out += length <= room ? token : token.slice(0, room);
      wordChars += length;
      return;
    }
    const kept = length > maxWordChars ? token.slice(0, maxWordChars) : token;
    out += out === '' ? kept : ` ${kept}`;
    inWord = kind === 1;
    wordChars = length;
  };
  let i = 0;
  while (i < nfc.length) {
    const code = nfc.charCodeAt(i);
    if (code < 0x80) {
      if (!isAsciiWordChar(code)) {
        inWord = false;
        i += 1;
        continue;
      }
      let end = i + 1;
      while (end < nfc.length && isAsciiWordChar(nfc.charCodeAt(end))) end += 1;
      push(nfc.slice(i, end).toLowerCase(), 1, end - i);
      i = end;
      continue;
    }
    const next = nfc.charCodeAt(i + 1);
    // A surrogate pair is one character; a lone surrogate is one of its own, as Array.from has it.
    const char = nfc.slice(i, i + (code >= 0xd800 && code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff ? 2 : 1));
    i += char.length;
    const { chars, kinds } = fold(char);
    for (let k = 0; k < chars.length; k++) {
      const kind = kinds[k]!;
      if (kind === 0) inWord = false;
      else push(chars[k]!, kind, 1);
    }
  }
  return out;
}

/** ASCII letters and digits: what NFKC leaves as they are and search keeps as parts of words. */
function isAsciiWordChar(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || (code >= 0x30 && code <= 0x39);
}

/** The tokens of a query, or null when it has none (only spaces, punctuation or symbols). */
export function queryTokens(query: string): string[] | null {
  const tokens = searchTokens(query).tokens.map((t) => t.text);
  return tokens.length === 0 ? null : tokens;
}

/**
 * An FTS5 phrase matching the query's tokens in a row, or null when the query has none. Tokens hold
 * only letters, digits and marks, so quotes, `*`, `-`, `:`, parentheses and the like never reach
 * FTS5, and OR / AND / NOT / NEAR inside the quotes are words, not operators.
 */
export function ftsPhrase(query: string): string | null {
  const tokens = queryTokens(query);
  return tokens === null ? null : `"${tokens.join(' ').replaceAll('"', '""')}"`;
}

/** Index of the first token of `tokens` where `phrase` occurs as consecutive tokens, or -1. */
export function findPhrase(tokens: readonly string[], phrase: readonly string[]): number {
  if (phrase.length === 0) return -1;
  outer: for (let i = 0; i + phrase.length <= tokens.length; i++) {
    for (let j = 0; j < phrase.length; j++) if (tokens[i + j] !== phrase[j]) continue outer;
    return i;
  }
  return -1;
}

/** Whether the query's tokens occur in a row in the text (false for a query without tokens). */
export function matchesPhrase(text: string, query: readonly string[]): boolean {
  return findPhrase(searchTokens(text).tokens.map((t) => t.text), query) >= 0;
}

export const SNIPPET_LENGTH = 120;

/**
 * At most `max` characters (code points) of the text around the first match of the query, with `…`
 * where it was cut and every line break or tab shown as a space. Without a match, the start.
 */
export function snippet(text: string, query: string, max = SNIPPET_LENGTH): string {
  const { chars, tokens } = searchTokens(text);
  const phrase = queryTokens(query) ?? [];
  const at = findPhrase(
    tokens.map((t) => t.text),
    phrase,
  );
  const first = tokens[at];
  const last = tokens[at + phrase.length - 1];
  const [start, end] = first && last ? [first.start, last.end] : [0, 0];
  const flat = chars.map((c) => (/^\s$/u.test(c) ? ' ' : c));
  if (flat.length <= max) return flat.join('');
  // One character on each side is kept for the ellipsis, and given back to the text where none is needed.
  let room = max - 2;
  let from = end - start >= room ? start : start - Math.floor((room - (end - start)) / 2);
  from = Math.max(0, Math.min(from, flat.length - room));
  if (from === 0) room += 1;
  else if (from + room === flat.length) [from, room] = [from - 1, room + 1];
  const to = Math.min(flat.length, from + room);
  return `${from > 0 ? '…' : ''}${flat.slice(from, to).join('')}${to < flat.length ? '…' : ''}`;
}

/** What search finds a contact by: name, email, and the string and number values (not the keys) of its attributes, nested ones too. */
export function contactSearchSource(contact: { name: string | null; email: string | null; attributes: Record<string, unknown> }): string {
  const parts: string[] = [];
  if (contact.name !== null) parts.push(contact.name);
  if (contact.email !== null) parts.push(contact.email);
  const visit = (value: unknown): void => {
    if (typeof value === 'string') parts.push(value);
    else if (typeof value === 'number' || typeof value === 'bigint') parts.push(String(value));
    else if (Array.isArray(value)) value.forEach(visit);
    else if (value !== null && typeof value === 'object') Object.values(value).forEach(visit);
  };
  visit(contact.attributes);
  return parts.join('\n');
}
