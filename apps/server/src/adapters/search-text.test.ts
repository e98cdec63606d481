import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  contactSearchSource,
  findPhrase,
  ftsPhrase,
  MAX_WORD_CHARS,
  matchesPhrase,
  queryTokens,
  SEARCH_TOKENIZER,
  searchText,
  searchTokens,
  snippet,
} from './search-text.js';

describe('search text', () => {
  it('makes every CJK character, kana and hangul syllable a token, and keeps other words whole', () => {
    expect(searchText('我的订单号是多少？Order #12345, iPhone15手机')).toBe('我 的 订 单 号 是 多 少 order 12345 iphone15 手 机');
    expect(searchText('パスワードを忘れました 배송이')).toBe('パ ス ワ ー ド を 忘 れ ま し た 배 송 이');
    expect(searchText("don't e-mail: a_b@x.io")).toBe('don t e mail a b x io');
  });

  it('lowercases and normalizes width and compatibility forms', () => {
    expect(searchText('ＡＢＣ１２３ Café ﾃｽﾄ ㈱ ＲＥＦＵＮＤ')).toBe('abc123 café テ ス ト 株 refund');
    expect(searchText('Cafe\u0301')).toBe(searchText('Café'));
  });

  it('indexes the same tokens as it finds, whatever the text holds', () => {
    // searchText makes the index's text in one pass; searchTokens is what queries, the memory store
    // and snippets use. Characters chosen where folding is subtle: case that depends on context
    // (Σ), letters that fold to several (ﬁ, İ, ß, Ⅻ), width, combining marks, compatibility jamo,
    // astral and private-use code points, lone surrogates, and the token kinds side by side.
    const subtle = [...'aZ09 _-.,!?\t\nÉéèΣσςΟΔİıßﬁⅫ①ＡＢｃ１２ｱｶﾞ\u0301\u0308\u20dd中文订单か゛カナ한국ㄱㅏ\ud83d\ude00\ue000Ⓐ№™½', '\ud800', '\udc00'];
    const reference = (text: string) =>
      searchTokens(text)
        .tokens.map((t) => t.text)
        .join(' ');
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...subtle), maxLength: 40 }), (text) => {
        expect(searchText(text)).toBe(reference(text));
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (text) => {
        expect(searchText(text)).toBe(reference(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps the first 64 characters of a longer word, in the index and in a query alike', () => {
    const long = `${'Ab'.repeat(40)}Z`;
    const kept = 'ab'.repeat(32);
    expect(MAX_WORD_CHARS).toBe(64);
    expect(searchText(`flood ${long} 订单 ${'x'.repeat(48 * 1024)}`)).toBe(`flood ${kept} 订 单 ${'x'.repeat(64)}`);
    expect(queryTokens(long)).toEqual([kept]);
    // The token still spans the whole word, for snippets.
    expect(searchTokens(`a ${long}`).tokens[1]).toEqual({ text: kept, start: 2, end: 2 + long.length });
    // Cut by characters, not UTF-16 units: 70 astral letters keep 64 of them, whole.
    const astral = '\ud800\udf30'.repeat(70); // GOTHIC LETTER AHSA, which NFKC and case leave alone
    expect(Array.from(searchText(astral))).toHaveLength(64);
    expect(searchText(astral)).toBe(queryTokens(astral)![0]);
  });

  it('cuts words in the index exactly as it cuts them in what it finds', () => {
    // A limit of 1 to 5 makes the cut happen inside and across ASCII runs and folded characters.
    const units = [...'aZ09 .\tÉΣßﬁⅫＡＢ中か\u0301\ud83d\ude00\ue000①'];
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...units), maxLength: 40 }), fc.integer({ min: 1, max: 5 }), (text, max) => {
        expect(searchText(text, max)).toBe(
          searchTokens(text, max)
            .tokens.map((t) => t.text)
            .join(' '),
        );
      }),
      { numRuns: 3000 },
    );
  });

  it('maps every token back to its characters in the text', () => {
    const { chars, tokens } = searchTokens('Hi, 你好 ＡＢ!');
    expect(tokens).toEqual([
      { text: 'hi', start: 0, end: 2 },
      { text: '你', start: 4, end: 5 },
      { text: '好', start: 5, end: 6 },
      { text: 'ab', start: 7, end: 9 },
    ]);
    expect(chars.slice(7, 9).join('')).toBe('ＡＢ');
  });

  it('makes an FTS5 phrase of a query, with nothing of the FTS5 syntax left', () => {
    expect(ftsPhrase('订单')).toBe('"订 单"');
    expect(ftsPhrase('"refund*" OR x:y -z (a) ^b NEAR{c}')).toBe('"refund or x y z a b near c"');
    for (const nothing of ['', ' ', '"', '*', '-', ':', '"*"', '()', '，。']) expect(ftsPhrase(nothing)).toBeNull();
    expect(queryTokens('**')).toBeNull();
  });

  it('finds a phrase only as consecutive tokens', () => {
    expect(findPhrase(['我', '的', '订', '单'], ['订', '单'])).toBe(2);
    expect(findPhrase(['订', 'x', '单'], ['订', '单'])).toBe(-1);
    expect(findPhrase(['a'], [])).toBe(-1);
    expect(matchesPhrase('我想申请退款，可以吗', ['退', '款'])).toBe(true);
    expect(matchesPhrase('refunded', ['refund'])).toBe(false);
  });

  it('cuts a snippet to at most 120 characters around the match, marking the cuts', () => {
    const text = `${'a'.repeat(200)} 我想申请退款 ${'b'.repeat(200)}`;
    const cut = snippet(text, '退款');
    expect([...cut]).toHaveLength(120);
    expect(cut.startsWith('…') && cut.endsWith('…')).toBe(true);
    const middle = cut.indexOf('退款');
    expect(Math.abs(middle - (120 - middle - 2))).toBeLessThanOrEqual(3);
    expect(snippet('short\ntext', 'text')).toBe('short text');
    expect(snippet(`${'x'.repeat(300)}`, 'nothing')).toBe(`${'x'.repeat(119)}…`);
    expect(snippet(`${'x'.repeat(300)} end`, 'end')).toBe(`…${'x'.repeat(115)} end`);
    expect([...snippet('😀'.repeat(300), '😀')]).toHaveLength(120);
  });

  it('keeps every snippet within the limit', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), fc.string({ maxLength: 50 }), fc.integer({ min: 3, max: 200 }), (text, query, max) => {
        expect([...snippet(text, query, max)].length).toBeLessThanOrEqual(max);
      }),
    );
  });

  it('finds a contact by its name, email and attribute values, not by attribute keys', () => {
    const source = contactSearchSource({ name: '王小明', email: 'xm@example.com', attributes: { company: 'Acme', seats: 3, nested: { tags: ['gold', 7] }, vip: true, none: null } });
    expect(source.split('\n')).toEqual(['王小明', 'xm@example.com', 'Acme', '3', 'gold', '7']);
  });

  describe('against FTS5', () => {
    const db = new Database(':memory:');
    db.exec(`CREATE VIRTUAL TABLE t USING fts5 (body, tokenize = "${SEARCH_TOKENIZER}")`);
    const insert = db.prepare<[string]>('INSERT INTO t (body) VALUES (?)');
    const matches = db.prepare<[string], number>('SELECT count(*) FROM t WHERE t MATCH ?').pluck();
    afterAll(() => db.close());

    const alphabet = [...'aAbB1２ZzéÉ订单退款的テスト한국 \n\t"\'*-:^(){}[],.。，？!@#OR_+', 'OR', 'AND', 'NOT', 'NEAR', 'Ｒ', '\u0301'];
    const text = (maxLength: number) => fc.array(fc.constantFrom(...alphabet), { maxLength }).map((parts) => parts.join(''));

    it('agrees with the tokens matched in memory, whatever the query holds', () => {
      fc.assert(
        fc.property(text(40), text(8), (doc, query) => {
          db.exec('DELETE FROM t');
          insert.run(searchText(doc));
          const phrase = ftsPhrase(query);
          const tokens = queryTokens(query);
          if (phrase === null || tokens === null) expect(phrase).toBe(tokens);
          else expect(matches.get(phrase) === 1).toBe(matchesPhrase(doc, tokens));
        }),
        { numRuns: 500 },
      );
    });

    it('never fails on any text', () => {
      fc.assert(
        fc.property(fc.string({ unit: 'binary', maxLength: 30 }), (query) => {
          const phrase = ftsPhrase(query);
          if (phrase !== null) expect(() => matches.get(phrase)).not.toThrow();
        }),
        { numRuns: 500 },
      );
    });
  });
});
