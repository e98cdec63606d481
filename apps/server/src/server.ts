// Starts the roles of one node on the ports it is given: HTTP + WebSocket on one port.
import type { AddressInfo } from 'node:net';
import { TokenSigner } from './auth/tokens.js';
import type { Config } from './config.js';
import { WsGateway } from './gateway/ws-gateway.js';
import { buildHttpApp } from './http/http-app.js';
import type { Logger } from './log.js';
import type { Bus } from './ports/bus.js';
import type { Clock } from './ports/clock.js';
import type { Store } from './ports/store.js';

export interface NodePorts {
  store: Store;
  bus: Bus;
  clock: Clock;
  log: Logger;
}

export interface RunningNode {
  url: string;
  port: number;
  gateway: WsGateway;
  /** Asks clients to reconnect elsewhere, stops accepting, then closes store and bus. */
  drain(): Promise<void>;
}

export const VERSION = '0.1.0';

export async function startNode(config: Readonly<Config>, ports: NodePorts): Promise<RunningNode> {
  const { store, bus, clock, log } = ports;
  const identity = await store.identity();
  const signer = new TokenSigner(config.secret ?? identity.secret);
  let draining = false;

  const app = await buildHttpApp({
    store,
    bus,
    clock,
    log,
    signer,
    tokenTtlMs: config.tokenTtlMs,
    isDraining: () => draining,
    version: VERSION,
  });
  const gateway = new WsGateway(config, { store, bus, clock, signer, epoch: identity.epoch }, log);
  gateway.attach(app.server);
  await app.listen({ port: config.port, host: config.host });
  const port = (app.server.address() as AddressInfo).port;
  const url = config.publicUrl ?? `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;

  return {
    url,
    port,
    gateway,
    async drain() {
      if (draining) return;
      draining = true;
      log.info('draining', { connections: gateway.hub.size });
      await gateway.drain(config.drainMs);
      gateway.close();
      await app.close();
      await bus.close();
      await store.close();
      log.info('drained');
    },
  };
}
