// Aho–Corasick automaton: finds every occurrence of thousands of keywords in one pass over the text.

/** One occurrence: `text.slice(start, end)` equals the keyword. */
export interface KeywordMatch<T> {
  readonly start: number;
  readonly end: number;
  readonly value: T;
}

/**
 * Built once per rule set; matching costs O(text length + matches) however many keywords there are.
 * Works on UTF-16 code units, which is exact for matching because a keyword and the text are
 * encoded the same way (a surrogate pair only ever matches the same pair).
 */
export class AhoCorasick<T> {
  /** Per state, its transitions by code unit. */
  private readonly next: Map<number, number>[] = [new Map<number, number>()];
  private readonly fail: number[] = [0];
  /** Keywords ending at the state itself, as indices into `keywords`. */
  private readonly outputs: number[][] = [[]];
  /** The nearest state along the failure chain that has outputs (-1: none), so reporting skips empty states. */
  private readonly dictLink: number[] = [-1];
  private readonly keywords: { length: number; value: T }[] = [];

  constructor(entries: Iterable<readonly [keyword: string, value: T]>) {
    for (const [keyword, value] of entries) this.insert(keyword, value);
    this.link();
  }

  private insert(keyword: string, value: T): void {
    if (keyword === '') return; // the empty keyword matches everywhere and means nothing
    let state = 0;
    for (let i = 0; i < keyword.length; i++) {
      const c = keyword.charCodeAt(i);
      let to = this.next[state]?.get(c);
      if (to === undefined) {
        to = this.next.length;
        this.next.push(new Map<number, number>());
        this.fail.push(0);
        this.outputs.push([]);
        this.dictLink.push(-1);
        this.next[state]?.set(c, to);
      }
      state = to;
    }
    this.outputs[state]?.push(this.keywords.length);
    this.keywords.push({ length: keyword.length, value });
  }

  /** Breadth-first, so a state's failure target is always linked before the state itself. */
  private link(): void {
    const queue: number[] = [];
    for (const child of this.next[0]?.values() ?? []) queue.push(child);
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head] ?? 0;
      for (const [c, child] of this.next[state] ?? []) {
        let f = this.fail[state] ?? 0;
        while (f !== 0 && !this.next[f]?.has(c)) f = this.fail[f] ?? 0;
        const target = this.next[f]?.get(c);
        const failTo = target !== undefined && target !== child ? target : 0;
        this.fail[child] = failTo;
        this.dictLink[child] = (this.outputs[failTo]?.length ?? 0) > 0 ? failTo : (this.dictLink[failTo] ?? -1);
        queue.push(child);
      }
    }
  }

  get size(): number {
    return this.keywords.length;
  }

  /** Every occurrence, overlapping ones included, ordered by end position. */
  findAll(text: string): KeywordMatch<T>[] {
    const found: KeywordMatch<T>[] = [];
    let state = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      while (state !== 0 && !this.next[state]?.has(c)) state = this.fail[state] ?? 0;
      state = this.next[state]?.get(c) ?? 0;
      for (let s = state; s !== -1; s = this.dictLink[s] ?? -1) {
        for (const k of this.outputs[s] ?? []) {
          const kw = this.keywords[k];
          if (kw) found.push({ start: i + 1 - kw.length, end: i + 1, value: kw.value });
        }
      }
    }
    return found;
  }
}
