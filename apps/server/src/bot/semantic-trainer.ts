// Trains the semantic matcher of a knowledge base on a worker thread, so the event loop keeps serving while it learns.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { analyze } from '../dialogue/analyze.js';
import type { KnowledgeEntry } from '../dialogue/knowledge-base.js';
import { createNormalizer, type NormalizeOptions } from '../dialogue/normalize.js';
import { SemanticMatcher, type SemanticOptions, type SemanticSnapshot } from '../dialogue/semantic/semantic-matcher.js';

/** Everything training needs, as plain data (it is copied to the worker). */
export interface TrainRequest {
  /** The enabled entries, in the order the engine will see them. */
  readonly entries: readonly KnowledgeEntry[];
  readonly normalize?: NormalizeOptions;
  readonly semantic?: Partial<SemanticOptions>;
}

export type TrainReply = { readonly ok: true; readonly packed: PackedSnapshot } | { readonly ok: false; readonly message: string };

/**
 * A snapshot as it crosses threads: the many strings (vocabulary terms, BM25 documents' terms)
 * joined into a few, because structured clone pays per string and the receiving thread is the
 * event loop. Normalized text holds no line breaks, so "\n" separates them safely.
 */
export interface PackedSnapshot {
  readonly snapshot: SemanticSnapshot;
  readonly terms: readonly string[];
  readonly documents: readonly string[];
}

const SEPARATOR = '\n';

export function pack(snapshot: SemanticSnapshot): PackedSnapshot {
  const c = snapshot.classifier;
  const r = snapshot.retrieval;
  return {
    snapshot: {
      ...snapshot,
      ...(c ? { classifier: { ...c, members: c.members.map((m) => ({ ...m, vectorizer: { ...m.vectorizer, terms: [] } })) } } : {}),
      ...(r ? { retrieval: { ...r, vectorizer: { ...r.vectorizer, terms: [] } } } : {}),
      bm25: { ...snapshot.bm25, documents: [] },
    },
    terms: [...(c?.members ?? []).map((m) => m.vectorizer.terms.join(SEPARATOR)), ...(r ? [r.vectorizer.terms.join(SEPARATOR)] : [])],
    documents: snapshot.bm25.documents.map((d) => d.join(SEPARATOR)),
  };
}

export function unpack(p: PackedSnapshot): SemanticSnapshot {
  const split = (joined: string): string[] => (joined === '' ? [] : joined.split(SEPARATOR));
  const c = p.snapshot.classifier;
  const r = p.snapshot.retrieval;
  return {
    ...p.snapshot,
    ...(c ? { classifier: { ...c, members: c.members.map((m, i) => ({ ...m, vectorizer: { ...m.vectorizer, terms: split(p.terms[i] ?? '') } })) } } : {}),
    ...(r ? { retrieval: { ...r, vectorizer: { ...r.vectorizer, terms: split(p.terms[c?.members.length ?? 0] ?? '') } } } : {}),
    bm25: { ...p.snapshot.bm25, documents: p.documents.map(split) },
  };
}

export interface SemanticTrainer {
  /** Resolves with the trained matcher; rejects when training fails (nothing else changes). */
  train(request: TrainRequest): Promise<SemanticMatcher>;
  /** Stops trainings under way; their promises reject. */
  close(): Promise<void>;
}

/** The training itself, the same on either thread. */
export async function trainSnapshot(request: TrainRequest): Promise<SemanticSnapshot> {
  const normalizer = await createNormalizer(request.normalize);
  return SemanticMatcher.build(request.entries, (t) => analyze(normalizer, t), request.semantic).snapshot();
}

/** The buffers of a snapshot's typed arrays, once each: handed over to the receiver, not copied. */
export function transferables(snapshot: SemanticSnapshot): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  const add = (a: ArrayBufferView): void => void buffers.add(a.buffer as ArrayBuffer);
  const c = snapshot.classifier;
  if (c) {
    for (const m of c.members) [m.weights, m.bias, m.vectorizer.idf, m.vectorizer.view].forEach(add);
    [c.examples.labels, c.examples.offsets, c.examples.indices, c.examples.values].forEach(add);
  }
  const r = snapshot.retrieval;
  if (r) [r.vectorizer.idf, r.vectorizer.view, r.index.labels, r.index.offsets, r.index.examples, r.index.weights, r.index.commonSlot, r.index.commonOffsets, r.index.commonFeatures, r.index.commonWeights].forEach(add);
  add(snapshot.lexicalShare);
  return [...buffers];
}

const WORKER_FILE = fileURLToPath(new URL('./train-worker.js', import.meta.url));

/**
 * Trains in a worker thread per request: jieba's dictionary and the training garbage die with the
 * worker. The compiled server has `train-worker.js` beside this file; run from TypeScript sources
 * (as unit tests do) there is none, and training runs on this thread instead.
 */
export function workerTrainer(): SemanticTrainer {
  const running = new Set<Worker>();
  const inThread = !existsSync(WORKER_FILE);
  return {
    async train(request) {
      if (inThread) return SemanticMatcher.restore(await trainSnapshot(request));
      const worker = new Worker(WORKER_FILE, { workerData: request });
      running.add(worker);
      try {
        const reply = await new Promise<TrainReply>((resolve, reject) => {
          worker.once('message', (m: TrainReply) => resolve(m));
          worker.once('error', reject);
          worker.once('exit', (code) => reject(new Error(`training worker exited with ${code}`)));
        });
        if (!reply.ok) throw new Error(`training failed: ${reply.message}`);
        return SemanticMatcher.restore(unpack(reply.packed));
      } finally {
        running.delete(worker);
        void worker.terminate();
      }
    },
    async close() {
      await Promise.all([...running].map((w) => w.terminate()));
    },
  };
}
