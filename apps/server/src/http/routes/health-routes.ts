// Liveness and readiness probes.
import type { FastifyInstance } from 'fastify';
import type { Store } from '../../ports/store.js';

export function healthRoutes(app: FastifyInstance, store: Store, isDraining: () => boolean): void {
  app.get('/healthz', { schema: { summary: 'Liveness: the process answers', tags: ['ops', 'public'] } }, async () => ({ status: 'ok' }));

  app.get('/readyz', { schema: { summary: 'Readiness: the store answers and the node is not draining', tags: ['ops', 'public'] } }, async (_request, reply) => {
    const storeOk = await store.ping().catch(() => false);
    const ready = storeOk && !isDraining();
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not_ready', store: storeOk, draining: isDraining() });
  });
}
