// The Fastify app: REST routes, OpenAPI, health, and errors in one shape.
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import type { AuthContext } from '../commands/authenticate.js';
import type { CommandContext } from '../commands/context.js';
import { isAppError } from '../domain/app-error.js';
import type { Logger } from '../log.js';
import type { LazySchemaCompilers } from './lazy-schema-compilers.js';
import { collectOpenApi } from './openapi.js';
import { requestAuth } from './request-auth.js';
import { adminRoutes } from './routes/admin-routes.js';
import { agentToolsRoutes } from './routes/agent-tools-routes.js';
import { botRoutes } from './routes/bot-routes.js';
import type { BrainRegistry } from '../bot/brain-registry.js';
import { authRoutes } from './routes/auth-routes.js';
import { conversationRoutes } from './routes/conversation-routes.js';
import { transferRoutes } from './routes/transfer-routes.js';
import { widgetRoutes } from './routes/widget-routes.js';
import type { Mailer } from '../ports/mailer.js';
import { healthRoutes } from './routes/health-routes.js';
import { demoRoutes } from './routes/demo-routes.js';
import { homeRoutes } from './routes/home-routes.js';
import { reportRoutes } from './routes/report-routes.js';
import { routingRoutes } from './routes/routing-routes.js';
import { uploadRoutes } from './routes/upload-routes.js';
import type { UrlSigner } from '../auth/url-signer.js';
import type { BlobStore } from '../ports/blob-store.js';
import { staticRoutes } from './routes/static-routes.js';
import type { Presence } from '../ports/presence.js';

export interface HttpDeps extends CommandContext, AuthContext {
  log: Logger;
  presence: Presence;
  mailer: Mailer;
  blobs: BlobStore;
  urls: UrlSigner;
  /** Largest uploaded file, bytes. */
  uploadMaxBytes: number;
  publicUrl: string;
  isDraining: () => boolean;
  /** The `demoOrdersToken` flow secret: when set, the demo order API wants it as a bearer token. Default none. */
  demoOrdersToken?: string | null;
  version: string;
  /** Every tenant's bot: its versions, and the trained brains. */
  brains: BrainRegistry;
  /** Compile the routes' schemas on first use (`compileRemaining` compiles the rest later). */
  schemas: LazySchemaCompilers;
}

export async function buildHttpApp(deps: HttpDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: false,
    bodyLimit: 1024 * 1024,
    forceCloseConnections: true,
    schemaController: { compilersFactory: deps.schemas.compilersFactory },
  });
  const openApi = collectOpenApi(app, { title: 'Kefu API', version: deps.version });
  const auth = requestAuth(deps);

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (isAppError(error)) {
      return reply.code(error.httpStatus).send({ error: { ...error.details, code: error.code, message: error.message } });
    }
    if (error.validation) {
      return reply.code(400).send({ error: { code: 'invalid', message: error.message } });
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      const code = error.statusCode === 413 ? 'too_large' : 'invalid';
      return reply.code(error.statusCode).send({ error: { code, message: error.message } });
    }
    deps.log.error('request failed', { method: request.method, url: request.url, error });
    return reply.code(500).send({ error: { code: 'internal', message: 'internal error' } });
  });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({ error: { code: 'not_found', message: `no route ${request.method} ${request.url.split('?')[0]}` } }),
  );

  authRoutes(app, deps, auth);
  conversationRoutes(app, deps, auth);
  transferRoutes(app, deps, auth);
  widgetRoutes(app, deps);
  adminRoutes(app, deps.store, auth);
  routingRoutes(app, deps, auth);
  agentToolsRoutes(app, deps, auth);
  botRoutes(app, deps, auth);
  reportRoutes(app, deps, auth);
  uploadRoutes(app, deps, auth);
  healthRoutes(app, deps.store, deps.isDraining);
  demoRoutes(app, { token: deps.demoOrdersToken ?? null });
  homeRoutes(app);
  staticRoutes(app, deps);
  app.get('/api/v1/openapi.json', async () => openApi());
  await app.ready();
  return app;
}
