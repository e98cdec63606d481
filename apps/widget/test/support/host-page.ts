// A customer's site for the widget tests: a tiny HTTP server on another loopback address (so
// another origin than the Kefu server), serving a page that embeds the widget with one tag.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HostSite {
  origin: string;
  close(): Promise<void>;
}

/** What the site serves: `/` embeds the widget; other paths come from `pages`. */
export async function serveHostSite(address: string, widgetOrigin: string, widgetKey: string, pages: Record<string, string> = {}): Promise<HostSite> {
  const home = `<!doctype html><html><head><meta charset="utf-8"><title>Shop</title></head><body><h1>A shop</h1>
<script>window.kefu = window.kefu || function () { (kefu.q = kefu.q || []).push(arguments); };</script>
<script src="${widgetOrigin}/widget.js" data-key="${widgetKey}" async></script></body></html>`;
  const server = http.createServer((req, res) => {
    const body = req.url === '/' ? home : pages[req.url ?? ''];
    if (body === undefined) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, address, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://${address}:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
