// Starts the roles of one node on the ports it is given: HTTP + WebSocket on one port.
import type { AddressInfo } from 'node:net';
import { TokenSigner } from './auth/tokens.js';
import { UrlSigner } from './auth/url-signer.js';
import { BotResponder } from './bot/bot-responder.js';
import { BrainRegistry } from './bot/brain-registry.js';
import type { NodeEngineOptions } from './bot/build-brain.js';
import { createFlowRuntime } from './bot/flow-http.js';
import type { FlowRuntime } from './dialogue/flows/run-flow.js';
import type { Config } from './config.js';
import { WsGateway } from './gateway/ws-gateway.js';
import { buildHttpApp } from './http/http-app.js';
import { LazySchemaCompilers, type IdleCompiling } from './http/lazy-schema-compilers.js';
import type { Logger } from './log.js';
import { noBlobStore, type BlobStore } from './ports/blob-store.js';
import type { Bus } from './ports/bus.js';
import type { Clock } from './ports/clock.js';
import type { Mailer } from './ports/mailer.js';
import type { Presence } from './ports/presence.js';
import { Router } from './routing/router.js';
import type { Store } from './ports/store.js';

/**
 * Connections the kernel may hold for us before we accept them. Node's default, 511, overflowed in
 * a reconnect storm: 10,000 clients coming back at once made 50,000 listen-queue overflows and
 * 22,000 SYN retransmissions (each a client waiting a second or more) in one B8 run; with 4096,
 * 9,900 and 5,000. Linux caps it at net.core.somaxconn (4096 by default since 5.4).
 */
const LISTEN_BACKLOG = 4096;

/** When the node compiles the route schemas no request has used yet (each takes 1–5 ms). */
const SCHEMA_WARM_UP: IdleCompiling = { checkEveryMs: 100, maxUtilization: 0.2, sliceMs: 10 };

export interface NodePorts {
  store: Store;
  bus: Bus;
  clock: Clock;
  presence: Presence;
  mailer: Mailer;
  /** Where uploaded files live; without one, uploads answer 503. */
  blobs?: BlobStore;
  log: Logger;
  /** What this node adds to every tenant's bot engine (normalization, an encoder); default none. */
  botEngine?: NodeEngineOptions;
}

export interface RunningNode {
  url: string;
  port: number;
  gateway: WsGateway;
  router: Router;
  /** Every tenant's trained bot, swapped on publish and rollback. */
  brains: BrainRegistry;
  /** The bot in conversations. */
  bot: BotResponder;
  /** The routes' schemas, compiled on first use and in the node's idle moments. */
  schemas: LazySchemaCompilers;
  /** Asks clients to reconnect elsewhere, stops accepting, then closes store and bus. */
  drain(): Promise<void>;
}

export const VERSION = '0.1.0';

export async function startNode(config: Readonly<Config>, ports: NodePorts): Promise<RunningNode> {
  const { store, bus, clock, log, presence, mailer } = ports;
  const identity = await store.identity();
  const secret = config.secret ?? identity.secret;
  const signer = new TokenSigner(secret);
  const urls = new UrlSigner(secret, config.uploadUrlTtlMs);
  const blobs = ports.blobs ?? noBlobStore;
  let draining = false;
  const brains = new BrainRegistry({ store, bus, log, ...(ports.botEngine ? { engine: ports.botEngine } : {}) });

  // Flows call the node itself (the demo order API) at its own address, known once it listens.
  let flowRuntime: FlowRuntime | null = null;
  const bot = new BotResponder({
    store,
    bus,
    clock,
    log,
    brains,
    flowRuntime: () => {
      if (!flowRuntime) throw new Error('flows ran before the node listened');
      return flowRuntime;
    },
  });
  const schemas = new LazySchemaCompilers();
  const app = await buildHttpApp({
    schemas,
    store,
    bus,
    clock,
    log,
    presence,
    mailer,
    blobs,
    urls,
    uploadMaxBytes: config.uploadMaxBytes,
    // The URL is known only once listening; links in emails use the configured one or localhost.
    publicUrl: config.publicUrl ?? `http://localhost:${config.port}`,
    signer,
    tokenTtlMs: config.tokenTtlMs,
    isDraining: () => draining,
    version: VERSION,
    demoOrdersToken: config.flowSecrets.demoOrdersToken ?? null,
    brains,
    bot,
  });
  const gateway = new WsGateway(config, { store, bus, clock, signer, urls, presence, epoch: identity.epoch, bot }, log);
  const router = new Router({ store, bus, clock, presence, log });
  router.start(config.routingTickMs);
  gateway.attach(app.server);
  await app.listen({ port: config.port, host: config.host, backlog: LISTEN_BACKLOG });
  const port = (app.server.address() as AddressInfo).port;
  const url = config.publicUrl ?? `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;
  flowRuntime = createFlowRuntime({ baseUrl: config.publicUrl ?? `http://${loopbackOf(config.host)}:${port}`, secrets: config.flowSecrets });
  bot.start();
  // After a restart the clients come back first: the schemas no request has needed yet are
  // compiled only while the node has little else to do.
  schemas.compileRemaining(SCHEMA_WARM_UP).catch((error: unknown) => log.error('route schemas failed to compile', { error }));

  return {
    schemas,
    url,
    port,
    gateway,
    router,
    brains,
    bot,
    async drain() {
      if (draining) return;
      draining = true;
      schemas.stop();
      log.info('draining', { connections: gateway.hub.size });
      await gateway.drain(config.drainMs);
      await router.stop();
      await bot.stop();
      await brains.close();
      await gateway.close();
      await app.close();
      await bus.close();
      await presence.close();
      await mailer.close();
      await store.close();
      log.info('drained');
    },
  };
}

/** An address of this node that the node itself can reach. */
function loopbackOf(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}
