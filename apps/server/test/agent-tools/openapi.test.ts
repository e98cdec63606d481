// The agent tools are part of the public API: every route is in /api/v1/openapi.json with a summary.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../support/api.js';
import { startServer, type ServerProcess } from '../support/server-process.js';

const ROUTES = [
  'GET /api/v1/canned-responses',
  'POST /api/v1/canned-responses',
  'GET /api/v1/canned-responses/{id}',
  'PATCH /api/v1/canned-responses/{id}',
  'DELETE /api/v1/canned-responses/{id}',
  'POST /api/v1/canned-responses/expand',
  'GET /api/v1/labels',
  'POST /api/v1/labels',
  'PATCH /api/v1/labels/{name}',
  'DELETE /api/v1/labels/{name}',
  'GET /api/v1/labels/{name}/conversations',
  'PUT /api/v1/conversations/{id}/labels',
  'GET /api/v1/contacts/{id}',
  'PATCH /api/v1/contacts/{id}',
  'POST /api/v1/contacts/{id}/block',
  'POST /api/v1/contacts/{id}/unblock',
  'GET /api/v1/custom-fields',
  'POST /api/v1/custom-fields',
  'PATCH /api/v1/custom-fields/{key}',
  'DELETE /api/v1/custom-fields/{key}',
  'GET /api/v1/blocked-ips',
  'POST /api/v1/blocked-ips',
  'DELETE /api/v1/blocked-ips/{ip}',
  'GET /api/v1/search',
  'POST /api/v1/widget/csat',
  'GET /api/v1/reports/csat',
];

describe('agent tools in the OpenAPI document', () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server.stop();
  });

  it('lists every agent-tools route with a summary; only the widget’s rating needs no bearer token', async () => {
    const res = await api<{ paths: Record<string, Record<string, { summary?: string; security?: unknown }>> }>(server.url, 'GET', '/api/v1/openapi.json');
    expect(res.status).toBe(200);
    for (const route of ROUTES) {
      const [method, path] = route.split(' ') as [string, string];
      const operation = res.body.paths[path]?.[method.toLowerCase()];
      expect(operation?.summary, route).toBeTruthy();
      expect(operation?.security === undefined, route).toBe(route === 'POST /api/v1/widget/csat');
    }
  });
});
