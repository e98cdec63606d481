// Text normalization shared by every stage, so that a rule, the cache and the classifier see one spelling.

/** Options of a normalizer; each default is the behaviour when the field is absent. */
export interface NormalizeOptions {
  /** Convert traditional Chinese to simplified (loads opencc-js on demand). Default false. */
  traditionalToSimplified?: boolean;
}

/** A configured normalizer: pure and synchronous once created. */
export interface Normalizer {
  /** NFKC, lower case, whitespace collapsed; punctuation kept (regex rules and sentiment read it). */
  readonly light: (text: string) => string;
  /** `light` plus punctuation and symbols removed: the form keys, keywords and features are built on. */
  readonly full: (text: string) => string;
}

// NFKC already folds full-width ASCII (ＡＢＣ，１２３) and half-width katakana, but leaves
// the ideographic punctuation that Chinese keyboards type, so those map to ASCII here.
const CJK_PUNCTUATION: Record<string, string> = {
  '。': '.', '、': ',', '「': '"', '」': '"', '『': '"', '』': '"', '【': '[', '】': ']',
  '〈': '<', '〉': '>', '《': '<', '》': '>', '〔': '(', '〕': ')', '・': ' ', '～': '~', '〜': '~',
  '‘': "'", '’': "'", '“': '"', '”': '"', '…': '...', '—': '-', '–': '-', '\u3000': ' ',
};
const CJK_PUNCTUATION_RE = new RegExp(`[${Object.keys(CJK_PUNCTUATION).join('')}]`, 'gu');
const SPACE_RE = /\s+/gu;
// Chinese is written without spaces; a stray space between two ideographs would split
// "银行 卡" from "银行卡" in the exact-question cache.
const HAN_GAP_RE = /(?<=\p{Script=Han}) (?=\p{Script=Han})/gu;
// Apostrophes inside a word are dropped rather than split on, so "can't" and "cant" meet.
const INNER_APOSTROPHE_RE = /(?<=\p{L})'(?=\p{L})/gu;
const PUNCTUATION_RE = /[\p{P}\p{S}]+/gu;
// Zero-width characters and other format controls hide inside pasted text and break equality.
const FORMAT_RE = /[\p{Cf}\p{Cc}]/gu;

/** Width, case and whitespace: the form that keeps punctuation. */
export function lightNormalize(text: string): string {
  return text
    .normalize('NFKC')
    .replace(FORMAT_RE, ' ')
    .replace(CJK_PUNCTUATION_RE, (c) => CJK_PUNCTUATION[c] ?? c)
    .toLowerCase()
    .replace(SPACE_RE, ' ')
    .trim();
}

/** The light form with punctuation and symbols removed and spaces between ideographs dropped. */
export function stripPunctuation(light: string): string {
  return light
    .replace(INNER_APOSTROPHE_RE, '')
    .replace(PUNCTUATION_RE, ' ')
    .replace(SPACE_RE, ' ')
    .trim()
    .replace(HAN_GAP_RE, '');
}

/** Normalizer without Chinese script conversion; needs nothing loaded. */
export const basicNormalizer: Normalizer = {
  light: lightNormalize,
  full: (text) => stripPunctuation(lightNormalize(text)),
};

type Convert = (text: string) => string;
/** The one export used; its published types drag in DOM types the server does not load. */
type OpenCcT2s = { Converter(options: { from: string; to: string }): Convert };
let t2s: Promise<Convert> | undefined;

// opencc-js (about 100 kB for this direction) is imported only when a tenant asks for
// conversion, and once per process.
async function loadTraditionalToSimplified(): Promise<Convert> {
  t2s ??= (import('opencc-js/t2cn') as Promise<unknown> as Promise<OpenCcT2s>).then((m) => m.Converter({ from: 'tw', to: 'cn' }));
  return t2s;
}

/** Builds a normalizer; resolves once the optional converter is loaded. */
export async function createNormalizer(options: NormalizeOptions = {}): Promise<Normalizer> {
  if (!options.traditionalToSimplified) return basicNormalizer;
  const convert = await loadTraditionalToSimplified();
  const light = (text: string): string => lightNormalize(convert(text));
  return { light, full: (text) => stripPunctuation(light(text)) };
}
