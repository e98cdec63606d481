// BERT's WordPiece tokenizer over a vocab.txt: basic splitting (punctuation, CJK, accents), then greedy longest-match subwords.

export interface WordPieceOptions {
  /** Lower-case and strip accents first (uncased models). Default true. */
  readonly lowercase: boolean;
  /** Longest sequence, [CLS] and [SEP] included; longer texts are cut. Default 128. */
  readonly maxTokens: number;
}

/** A word longer than this is one [UNK] (as in BERT): it is noise, not language. */
const MAX_WORD_CHARS = 100;

function isPunctuation(ch: string): boolean {
  const c = ch.codePointAt(0) ?? 0;
  // ASCII symbols count as punctuation in BERT even where Unicode calls them symbols ($, +, ^, `).
  if ((c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126)) return true;
  return /\p{P}/u.test(ch);
}

function isCjk(c: number): boolean {
  return (
    (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x20000 && c <= 0x2a6df) || (c >= 0x2a700 && c <= 0x2b81f) ||
    (c >= 0x2b820 && c <= 0x2ceaf) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0x2f800 && c <= 0x2fa1f)
  );
}

export class WordPieceTokenizer {
  private readonly ids: ReadonlyMap<string, number>;
  readonly cls: number;
  readonly sep: number;
  readonly unk: number;
  readonly pad: number;

  constructor(vocabText: string, private readonly options: WordPieceOptions = { lowercase: true, maxTokens: 128 }) {
    const ids = new Map<string, number>();
    vocabText.split(/\r?\n/).forEach((token, i) => {
      if (token !== '' && !ids.has(token)) ids.set(token, i);
    });
    this.ids = ids;
    const special = (name: string): number => {
      const id = ids.get(name);
      if (id === undefined) throw new Error(`vocab.txt has no ${name} token`);
      return id;
    };
    this.cls = special('[CLS]');
    this.sep = special('[SEP]');
    this.unk = special('[UNK]');
    this.pad = ids.get('[PAD]') ?? 0;
  }

  /** Token ids of one text: [CLS] pieces… [SEP], at most `maxTokens`. */
  encode(text: string): number[] {
    const pieces: number[] = [];
    const room = this.options.maxTokens - 2;
    for (const word of this.words(text)) {
      for (const id of this.wordPieces(word)) {
        if (pieces.length >= room) return [this.cls, ...pieces, this.sep];
        pieces.push(id);
      }
    }
    return [this.cls, ...pieces, this.sep];
  }

  /** Whitespace-separated words with each punctuation mark and CJK character on its own. */
  private words(text: string): string[] {
    let t = text.normalize('NFC');
    if (this.options.lowercase) t = t.toLowerCase().normalize('NFD').replace(/\p{Mn}/gu, '');
    let spaced = '';
    for (const ch of t) {
      const c = ch.codePointAt(0) ?? 0;
      if (c === 0 || c === 0xfffd || /\p{Cc}/u.test(ch)) spaced += /\s/.test(ch) ? ' ' : '';
      else if (isCjk(c) || isPunctuation(ch)) spaced += ` ${ch} `;
      else spaced += ch;
    }
    return spaced.split(/\s+/).filter((w) => w !== '');
  }

  /** Greedy longest-match-first subwords; a word with no full cover is one [UNK]. */
  private wordPieces(word: string): number[] {
    const chars = [...word];
    if (chars.length > MAX_WORD_CHARS) return [this.unk];
    const out: number[] = [];
    let start = 0;
    while (start < chars.length) {
      let end = chars.length;
      let found: number | undefined;
      while (start < end) {
        const piece = (start > 0 ? '##' : '') + chars.slice(start, end).join('');
        found = this.ids.get(piece);
        if (found !== undefined) break;
        end--;
      }
      if (found === undefined) return [this.unk];
      out.push(found);
      start = end;
    }
    return out;
  }
}
