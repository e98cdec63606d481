// The agent workbench at `/` (built in apps/workbench/dist, its hashed assets at /assets/*). A
// server whose workbench is not built still starts, and `/` says how to build it.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { StaticFiles } from '../static-files.js';

/** Same place from src/ and dist/: apps/server/{src,dist}/http/routes → apps/workbench/dist. */
export const DEFAULT_WORKBENCH_DIR = fileURLToPath(new URL('../../../../workbench/dist/', import.meta.url));

const ASSET_NAME = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*\.(js|css|svg|png|woff2)$/;

// The workbench loads only its own files, talks only to this server (REST and /ws), and shows
// images of uploads (same origin) and, in attachments, from https.
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' https: data: blob:; media-src 'self' blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

const NOT_BUILT = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>Kefu 客服</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#1f2937}
code{background:#f3f4f6;padding:.1rem .3rem;border-radius:.2rem}</style></head>
<body><h1>Kefu 客服</h1>
<p>The server is running, but the agent workbench is not built: run <code>npm run build</code>, then reload.
服务器正在运行，但客服工作台尚未构建：请运行 <code>npm run build</code> 后刷新。</p>
<ul>
<li>Widget demo 访客组件演示: <a href="/demo"><code>/demo</code></a></li>
<li>WebSocket: <code>/ws</code> (subprotocol <code>kefu.v1.json</code>)</li>
<li>REST API: <a href="/api/v1/openapi.json"><code>/api/v1/openapi.json</code></a></li>
<li>Health: <a href="/healthz"><code>/healthz</code></a>, <a href="/readyz"><code>/readyz</code></a></li>
</ul></body></html>`;

/** Whether the workbench build is there to serve. */
export function workbenchBuilt(dir = DEFAULT_WORKBENCH_DIR): boolean {
  return existsSync(path.join(dir, 'index.html'));
}

export function homeRoutes(app: FastifyInstance, deps: { workbenchDir?: string } = {}): void {
  const files = new StaticFiles(deps.workbenchDir ?? DEFAULT_WORKBENCH_DIR);

  app.get('/', async (request, reply) => {
    reply.header('content-security-policy', CSP).header('referrer-policy', 'same-origin');
    // index.html names the current build's assets: never cached.
    return files.send(request, reply, 'index.html', 'no-store') || reply.code(503).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(NOT_BUILT);
  });

  app.get<{ Params: { file: string } }>('/assets/:file', async (request, reply) => {
    const { file } = request.params;
    if (!ASSET_NAME.test(file)) return reply.code(404).send({ error: { code: 'not_found', message: 'no such workbench asset' } });
    // Names carry a content hash: a new build is a new name.
    return (
      files.send(request, reply, `assets/${file}`, 'public, max-age=31536000, immutable') ||
      reply.code(404).send({ error: { code: 'not_found', message: 'no such workbench asset; is the workbench built (npm run build)?' } })
    );
  });
}
