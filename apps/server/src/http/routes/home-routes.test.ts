import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { homeRoutes } from './home-routes.js';

function appWith(files: Record<string, string>) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kefu-workbench-'));
  for (const [name, body] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), body);
  }
  const app = Fastify();
  homeRoutes(app, { workbenchDir: dir });
  return app;
}

describe('home routes', () => {
  it('serves the built workbench at / with a strict CSP, and its hashed assets for a year', async () => {
    const app = appWith({ 'index.html': '<!doctype html><div id="root"></div>', 'assets/index-abc123.js': 'console.log(1)' });
    const page = await app.inject({ url: '/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.body).toContain('id="root"');
    const asset = await app.inject({ url: '/assets/index-abc123.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toContain('immutable');
    expect((await app.inject({ url: '/assets/..%2Findex.html' })).statusCode).toBe(404);
    expect((await app.inject({ url: '/assets/missing-1.js' })).statusCode).toBe(404);
  });

  it('says how to build the workbench when it is not built', async () => {
    const app = appWith({});
    const page = await app.inject({ url: '/' });
    expect(page.statusCode).toBe(503);
    expect(page.body).toContain('npm run build');
    expect(page.body).toContain('/demo');
  });
});
