// Keeps the entries' search index up to date behind the writes. Indexing a message in its own
// transaction wrote the full-text index's pages at every commit, about a third of an append's cost
// (bench/FINDINGS.md, "The search index behind the writes"); indexed a chunk at a time, the cost of
// an entry falls and the message's commit carries none of it. A search first catches up, so it
// finds everything stored before it was asked.

/** Indexes one chunk of new entries in one durable write; resolves with whether the index has caught up. */
export type IndexChunk = (chunk: ChunkSize) => Promise<boolean>;

export interface ChunkSize {
  /** Entries per transaction: few enough that the messages committed alongside barely wait. */
  entries: number;
  /** Bytes of text (UTF-8) per transaction, whichever comes first (long messages cost by their size). */
  bytes: number;
}

export interface SearchCatchUpOptions {
  chunk: ChunkSize;
  /** How long after a write the index catches up: a burst is indexed in full chunks. */
  delayMs: number;
}

export const DEFAULT_SEARCH_CATCH_UP: Readonly<SearchCatchUpOptions> = Object.freeze({ chunk: Object.freeze({ entries: 200, bytes: 64 * 1024 }), delayMs: 200 });

export class SearchCatchUp {
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #stopped = false;

  constructor(
    private readonly indexChunk: IndexChunk,
    private readonly options: SearchCatchUpOptions,
  ) {}

  /** An entry was stored: the index catches up within `delayMs`. */
  noteWritten(): void {
    if (this.#timer || this.#stopped) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      // A failed pass leaves the entries where they were: the next write or search tries again,
      // and a search reports its own failure.
      this.catchUp().catch(() => undefined);
    }, this.options.delayMs);
    this.#timer.unref();
  }

  /**
   * Indexes every entry stored so far, a chunk per transaction, so that messages keep committing
   * between chunks. Calls made while it runs share it, and one more pass follows for what they
   * may have stored meanwhile.
   */
  async catchUp(): Promise<void> {
    while (this.#running) await this.#running;
    if (this.#stopped) return;
    this.#running = this.#indexAll().finally(() => (this.#running = undefined));
    return this.#running;
  }

  /** No more catching up (the store is closing): entries left unindexed are indexed after the next open. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#running?.catch(() => undefined);
  }

  async #indexAll(): Promise<void> {
    while (!this.#stopped && !(await this.indexChunk(this.options.chunk)));
  }
}
