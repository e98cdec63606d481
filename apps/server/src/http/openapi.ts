// Builds the OpenAPI 3.1 document from the JSON schemas the routes already validate with,
// so the document cannot drift from what the server enforces.
import type { FastifyInstance, RouteOptions } from 'fastify';

declare module 'fastify' {
  interface FastifySchema {
    /** One line for the OpenAPI document; a route without it is not part of the public API. */
    summary?: string;
    tags?: string[];
  }
}

interface RouteSchema {
  summary?: string;
  tags?: string[];
  params?: unknown;
  querystring?: { properties?: Record<string, unknown>; required?: string[] };
  headers?: { properties?: Record<string, unknown>; required?: string[] };
  body?: unknown;
  response?: Record<string, unknown>;
}

type Operation = Record<string, unknown>;

export function collectOpenApi(app: FastifyInstance, info: { title: string; version: string }): () => object {
  const paths: Record<string, Record<string, Operation>> = {};
  app.addHook('onRoute', (route: RouteOptions) => {
    const schema = route.schema as RouteSchema | undefined;
    if (!schema?.summary) return; // routes without a summary are not part of the public API
    const path = route.url.replace(/:(\w+)/g, '{$1}');
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (method === 'HEAD') continue;
      (paths[path] ??= {})[method.toLowerCase()] = operation(route.url, schema);
    }
  });
  return () => ({
    openapi: '3.1.0',
    info,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'token from POST /api/v1/auth/login' } },
    },
    paths,
  });
}

function operation(url: string, schema: RouteSchema): Operation {
  const parameters: object[] = [];
  for (const name of url.match(/:(\w+)/g) ?? []) {
    parameters.push({ name: name.slice(1), in: 'path', required: true, schema: { type: 'string' } });
  }
  for (const [where, part] of [['query', schema.querystring], ['header', schema.headers]] as const) {
    for (const [name, s] of Object.entries(part?.properties ?? {})) {
      parameters.push({ name, in: where, required: part?.required?.includes(name) ?? false, schema: s });
    }
  }
  const responses: Record<string, object> = {};
  for (const [status, s] of Object.entries(schema.response ?? {})) {
    responses[status] = { description: status.startsWith('2') ? 'success' : 'error', content: { 'application/json': { schema: s } } };
  }
  return {
    summary: schema.summary,
    tags: schema.tags,
    parameters,
    ...(schema.body ? { requestBody: { required: true, content: { 'application/json': { schema: schema.body } } } } : {}),
    responses,
    ...(schema.tags?.includes('public') ? {} : { security: [{ bearer: [] }] }),
  };
}
