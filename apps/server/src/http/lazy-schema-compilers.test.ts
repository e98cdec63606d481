import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { LazySchemaCompilers, SchemaCompileError } from './lazy-schema-compilers.js';

const itemRoute = {
  schema: {
    body: {
      type: 'object',
      required: ['name'],
      additionalProperties: false,
      properties: { name: { type: 'string', minLength: 1 }, count: { type: 'integer', default: 1 } },
    },
    querystring: { type: 'object', properties: { limit: { type: 'integer', minimum: 1, maximum: 50 } } },
    response: { 200: { type: 'object', properties: { name: { type: 'string' }, count: { type: 'integer' }, limit: { type: 'integer' } } } },
  },
};

describe('LazySchemaCompilers', () => {
  let app: FastifyInstance | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  function build(compilers: LazySchemaCompilers): FastifyInstance {
    app = Fastify({ schemaController: { compilersFactory: compilers.compilersFactory } });
    app.post('/items', itemRoute, async (request) => {
      const body = request.body as { name: string; count: number };
      const query = request.query as { limit?: number };
      // `secret` is not in the response schema: the serializer leaves it out.
      return { ...body, limit: query.limit, secret: 'x' };
    });
    return app;
  }

  it('compiles nothing before the first request, then validates, coerces and serializes as Fastify does', async () => {
    const compilers = new LazySchemaCompilers();
    const server = build(compilers);
    await server.ready();
    expect(compilers.pendingCount).toBe(3); // body, querystring, the 200 response

    const missing = await server.inject({ method: 'POST', url: '/items', payload: {} });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().message).toBe("body must have required property 'name'");

    const tooMany = await server.inject({ method: 'POST', url: '/items?limit=500', payload: { name: 'a' } });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().message).toBe('querystring/limit must be <= 50');

    const ok = await server.inject({ method: 'POST', url: '/items?limit=5', payload: { name: 'tea', extra: true } });
    expect(ok.statusCode).toBe(200);
    // The query's string "5" coerced to a number, the default count filled in, `extra` removed
    // from the body and `secret` from the response.
    expect(ok.json()).toEqual({ name: 'tea', count: 1, limit: 5 });
    expect(compilers.pendingCount).toBe(0);
  });

  it('compiles the rest in the background', async () => {
    const compilers = new LazySchemaCompilers();
    const server = build(compilers);
    await server.ready();
    await compilers.compileRemaining();
    expect(compilers.pendingCount).toBe(0);
    const ok = await server.inject({ method: 'POST', url: '/items', payload: { name: 'tea' } });
    expect(ok.json()).toEqual({ name: 'tea', count: 1 });
  });

  it('compiles ahead of use only while the event loop is mostly idle', async () => {
    const compilers = new LazySchemaCompilers();
    const server = build(compilers);
    await server.ready();
    // The loop busy 18 ms of every 20: nothing is compiled while it lasts.
    const spin = setInterval(() => {
      const until = performance.now() + 18;
      while (performance.now() < until);
    }, 20);
    const done = compilers.compileRemaining({ checkEveryMs: 25, maxUtilization: 0.2, sliceMs: 1 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(compilers.pendingCount).toBe(3);
    clearInterval(spin);
    await done;
    expect(compilers.pendingCount).toBe(0);
  });

  it('names a schema that does not compile, and its route answers 500 while the others work', async () => {
    const compilers = new LazySchemaCompilers();
    const server = build(compilers);
    server.post('/broken', { schema: { body: { type: 'object', properties: { a: { type: 'no-such-type' } } } } }, async () => ({ ok: true }));
    await server.ready();

    const error = await compilers.compileRemaining().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SchemaCompileError);
    expect((error as SchemaCompileError).failures.map((f) => f.route)).toEqual(['POST /broken body']);

    expect((await server.inject({ method: 'POST', url: '/broken', payload: { a: 1 } })).statusCode).toBe(500);
    expect((await server.inject({ method: 'POST', url: '/items', payload: { name: 'tea' } })).statusCode).toBe(200);
  });
});
