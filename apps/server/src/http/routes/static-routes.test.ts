import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import type { Inbox } from '../../domain/model.js';
import { originAllowed, staticRoutes } from './static-routes.js';

describe('originAllowed', () => {
  const own = ['https://kefu.example'];
  it('allows any origin when the list is empty', () => {
    expect(originAllowed('https://shop.example', [], own)).toBe(true);
    expect(originAllowed('https://shop.example', undefined, own)).toBe(true);
  });

  it('allows listed origins exactly, wildcard subdomains, and the server’s own pages', () => {
    const list = ['https://shop.example/', 'https://*.brand.example'];
    expect(originAllowed('https://shop.example', list, own)).toBe(true);
    expect(originAllowed('http://shop.example', list, own)).toBe(false);
    expect(originAllowed('https://shop.example:8443', list, own)).toBe(false);
    expect(originAllowed('https://eu.brand.example', list, own)).toBe(true);
    expect(originAllowed('https://brand.example', list, own)).toBe(false);
    expect(originAllowed('https://evilbrand.example', list, own)).toBe(false);
    expect(originAllowed('https://kefu.example', list, own)).toBe(true);
    expect(originAllowed('null', list, own)).toBe(false);
    expect(originAllowed('not a url', list, own)).toBe(false);
  });
});

async function appWith(files: Record<string, string>, settings: Inbox['settings']) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kefu-widget-'));
  for (const [name, body] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), body);
  }
  const inbox = { id: 'i1', tenantId: 't1', widgetKey: 'wk_test', settings } as unknown as Inbox;
  const app = Fastify();
  staticRoutes(app, {
    publicUrl: 'http://kefu.test',
    widgetDir: dir,
    store: {
      findInboxByWidgetKey: async (key) => (key === inbox.widgetKey ? inbox : null),
      listTenants: async () => [{ id: 't1' }] as never,
      listInboxes: async () => [inbox],
    },
  });
  await app.ready();
  return app;
}

describe('staticRoutes', () => {
  const files = { 'widget.js': 'console.log("loader")', 'widget/frame.html': '<html>frame</html>', 'widget/app-ABC.js': 'x'.repeat(2000), 'demo.html': 'key=%WIDGET_KEY%' };

  it('serves the loader gzipped to clients that accept it', async () => {
    const app = await appWith(files, {});
    const res = await app.inject({ url: '/widget.js', headers: { 'accept-encoding': 'gzip, br' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(res.rawPayload).toString()).toBe('console.log("loader")');
  });

  it('serves the frame to an allowed origin, with frame-ancestors naming the allowed ones', async () => {
    const app = await appWith(files, { allowedOrigins: ['https://shop.example'] });
    const res = await app.inject({ url: '/widget/frame?key=wk_test&origin=https%3A%2F%2Fshop.example', headers: { referer: 'https://shop.example/cart' } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('<html>frame</html>');
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'self' https://shop.example");
  });

  it('refuses the frame to another origin, or to a page whose Referer contradicts its origin', async () => {
    const app = await appWith(files, { allowedOrigins: ['https://shop.example'] });
    const other = await app.inject({ url: '/widget/frame?key=wk_test&origin=https%3A%2F%2Fevil.example' });
    expect(other.statusCode).toBe(403);
    expect(other.body).toContain('https://evil.example is not among the allowed origins');
    const liar = await app.inject({ url: '/widget/frame?key=wk_test&origin=https%3A%2F%2Fshop.example', headers: { referer: 'https://evil.example/' } });
    expect(liar.statusCode).toBe(403);
    const unknown = await app.inject({ url: '/widget/frame?key=nope&origin=https%3A%2F%2Fshop.example' });
    expect(unknown.statusCode).toBe(404);
  });

  it('escapes what it echoes into the refusal page', async () => {
    const app = await appWith(files, { allowedOrigins: ['https://shop.example'] });
    const res = await app.inject({ url: `/widget/frame?key=wk_test&origin=${encodeURIComponent('<script>alert(1)</script>')}` });
    expect(res.statusCode).toBe(403);
    expect(res.body).not.toContain('<script>');
  });

  it('serves hashed assets only by safe names, and the demo with the first inbox’s key', async () => {
    const app = await appWith(files, {});
    expect((await app.inject({ url: '/widget/app-ABC.js' })).headers['cache-control']).toContain('immutable');
    expect((await app.inject({ url: '/widget/..%2Fdemo.html' })).statusCode).toBe(404);
    expect((await app.inject({ url: '/demo' })).body).toBe('key=wk_test');
    expect((await app.inject({ url: '/demo?key=%22%3E%3Cscript%3E' })).body).toBe('key=wk_test');
  });

  it('says how to build the widget when it is not built', async () => {
    const app = await appWith({}, {});
    const res = await app.inject({ url: '/widget.js' });
    expect(res.statusCode).toBe(404);
    expect(res.body).toContain('run npm run build');
  });
});
