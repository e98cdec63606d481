// The page at `/`: what this server offers, until the workbench is served here.
import type { FastifyInstance } from 'fastify';

const PAGE = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>Kefu 客服</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#1f2937}
code{background:#f3f4f6;padding:.1rem .3rem;border-radius:.2rem}</style></head>
<body><h1>Kefu 客服</h1>
<p>The server is running. 服务器正在运行。</p>
<ul>
<li>Widget demo 访客组件演示: <a href="/demo"><code>/demo</code></a></li>
<li>WebSocket: <code>/ws</code> (subprotocol <code>kefu.v1.json</code>)</li>
<li>REST API: <a href="/api/v1/openapi.json"><code>/api/v1/openapi.json</code></a></li>
<li>Health: <a href="/healthz"><code>/healthz</code></a>, <a href="/readyz"><code>/readyz</code></a></li>
</ul></body></html>`;

export function homeRoutes(app: FastifyInstance): void {
  app.get('/', async (_request, reply) => reply.type('text/html; charset=utf-8').send(PAGE));
}
