// Reads a multipart/form-data request that carries one file, streaming the file to its handler
// (nothing is buffered whole), with @fastify/busboy doing the parsing.
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { Busboy, type BusboyHeaders, type BusboyInstance } from '@fastify/busboy';
import { AppError } from '../domain/app-error.js';

export interface FilePart {
  /** As the client sent it; busboy has already dropped any directories. */
  name: string;
  content: AsyncIterable<Uint8Array>;
}

// Text fields are ignored, but bounded: a form is a file and a few small fields.
const LIMITS = { files: 1, fields: 20, fieldSize: 4096, parts: 21, headerPairs: 50 };

/**
 * Parses the body and hands the first file to `handle` while it streams; resolves with what
 * `handle` resolved once the whole body is read. `moreFiles` tells that the form held a second
 * file (which was skipped). Fails with `invalid` for a body that is not multipart, has no file, or
 * is malformed; with `too_large` once the body passes `maxBodyBytes` (the file's own limit is the
 * handler's: whatever it leaves unread is drained, so that the client hears the answer).
 */
export function readOneFile<T>(raw: IncomingMessage, options: { maxBodyBytes: number }, handle: (file: FilePart) => Promise<T>): Promise<{ result: T; moreFiles: boolean }> {
  return new Promise((resolve, reject) => {
    let parser: BusboyInstance;
    try {
      parser = Busboy({ headers: raw.headers as BusboyHeaders, limits: LIMITS });
    } catch {
      reject(new AppError('invalid', 'expected a multipart/form-data body with a boundary'));
      return;
    }
    let handled: Promise<T> | null = null;
    let fileStream: Readable | null = null;
    let moreFiles = false;
    let bodyBytes = 0;
    let settled = false;

    // Stops reading, ends the file stream (so that the handler's writes clean up), then rejects
    // once the handler has let go of it.
    const fail = (error: AppError) => {
      if (settled) return;
      settled = true;
      raw.unpipe(parser);
      raw.off('data', count);
      fileStream?.destroy(error);
      void (handled ?? Promise.resolve()).catch(() => undefined).finally(() => reject(error));
    };
    const count = (chunk: Buffer) => {
      bodyBytes += chunk.length;
      if (bodyBytes > options.maxBodyBytes) fail(new AppError('too_large', `the request body is larger than ${options.maxBodyBytes} bytes`));
    };

    parser.on('file', (_field, stream, filename) => {
      fileStream = stream;
      handled = (async () => {
        try {
          // Not destroyed when the handler stops early: the rest is drained below instead.
          return await handle({ name: filename, content: stream.iterator({ destroyOnReturn: false }) as AsyncIterable<Uint8Array> });
        } finally {
          stream.resume();
        }
      })();
      handled.catch(() => undefined);
    });
    parser.on('filesLimit', () => (moreFiles = true));
    parser.on('error', () => fail(new AppError('invalid', 'the multipart body is malformed')));
    parser.on('finish', () => {
      if (settled) return;
      settled = true;
      if (!handled) return reject(new AppError('invalid', 'the form holds no file'));
      handled.then((result) => resolve({ result, moreFiles }), reject);
    });
    raw.on('data', count);
    raw.on('error', () => fail(new AppError('invalid', 'the upload was interrupted')));
    raw.on('close', () => {
      if (!raw.complete) fail(new AppError('invalid', 'the upload was interrupted'));
    });
    raw.pipe(parser);
  });
}
