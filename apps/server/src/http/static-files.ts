// Files of a web app's build served as they are: read once, re-read when the build changes them,
// gzipped ahead when the client accepts it. A missing file is null, so that a server runs
// without the build and says so.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

interface Cached {
  mtimeMs: number;
  body: Buffer;
  gzip: Buffer;
}

export class StaticFiles {
  private readonly cache = new Map<string, Cached>();

  constructor(readonly dir: string) {}

  /** The file as built, re-read when the build changed it; null when it is not there. */
  load(file: string): Cached | null {
    const full = path.join(this.dir, file);
    let mtimeMs: number;
    try {
      mtimeMs = statSync(full).mtimeMs;
    } catch {
      return null;
    }
    const hit = this.cache.get(file);
    if (hit?.mtimeMs === mtimeMs) return hit;
    const body = readFileSync(full);
    const entry = { mtimeMs, body, gzip: gzipSync(body, { level: 9 }) };
    this.cache.set(file, entry);
    return entry;
  }

  /**
   * Sends a loaded file with its type and cache policy; `transform` rewrites a text file (then
   * it goes uncompressed). Answers false, sending nothing, when the file is missing.
   */
  send(request: FastifyRequest, reply: FastifyReply, file: string, cacheControl: string, transform?: (text: string) => string): FastifyReply | false {
    const entry = this.load(file);
    if (!entry) return false;
    reply.type(TYPES[path.extname(file)] ?? 'application/octet-stream').header('cache-control', cacheControl).header('x-content-type-options', 'nosniff');
    if (transform) return reply.send(transform(entry.body.toString('utf8')));
    reply.header('vary', 'accept-encoding');
    if (/\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''))) return reply.header('content-encoding', 'gzip').send(entry.gzip);
    return reply.send(entry.body);
  }
}
