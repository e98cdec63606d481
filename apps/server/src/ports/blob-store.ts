// Where the content of uploaded files lives: opaque keys the store chooses, never a client's path.
import type { Readable } from 'node:stream';
import { AppError } from '../domain/app-error.js';

export interface BlobRef {
  /** Chosen by the store; opaque to callers. */
  key: string;
  /** Bytes. */
  size: number;
  /** SHA-256 of the content, hex. */
  sha256: string;
}

export type PutOutcome = { kind: 'stored'; blob: BlobRef } | { kind: 'too_large'; maxBytes: number };

/** Inclusive byte offsets, as in an HTTP Range header; `end` < size. */
export interface ByteRange {
  start: number;
  end: number;
}

export interface BlobStore {
  /**
   * Stores the content under a new key and resolves once it is durable. Content over `maxBytes`
   * answers `too_large` as soon as the limit is passed, stops reading the source, and leaves
   * nothing behind. A source that fails, or a store that cannot write, rejects and leaves nothing.
   * Never visible half-written: `get` sees the whole content or nothing.
   */
  put(content: Uint8Array | AsyncIterable<Uint8Array>, limits: { maxBytes: number }): Promise<PutOutcome>;
  /** The content (or the range of it), or null when there is no such key. */
  get(key: string, range?: ByteRange): Promise<Readable | null>;
  /** Idempotent: false when there was nothing under the key. */
  delete(key: string): Promise<boolean>;
}

/** Used when no blob store is configured: uploads answer `unavailable`, nothing is stored. */
export const noBlobStore: BlobStore = {
  put: async () => {
    throw new AppError('unavailable', 'file uploads are not configured on this server');
  },
  get: async () => null,
  delete: async () => false,
};
