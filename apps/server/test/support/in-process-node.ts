// A whole node in this process on a fake clock: the real HTTP and WebSocket server, the real
// SQLite store on a temp file, the real router; only time is ours to move.
import path from 'node:path';
import { MemoryBus } from '../../src/adapters/memory-bus.js';
import { MemoryPresence } from '../../src/adapters/memory-presence.js';
import { SqliteStore } from '../../src/adapters/sqlite-store.js';
import { bootstrap } from '../../src/bootstrap.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import type { Clock } from '../../src/ports/clock.js';
import type { Mailer } from '../../src/ports/mailer.js';
import type { Presence } from '../../src/ports/presence.js';
import { noMailer } from '../../src/ports/mailer.js';
import { startNode, type RunningNode } from '../../src/server.js';
import { ADMIN, tempDataDir } from './server-process.js';

export class FakeClock implements Clock {
  constructor(private ms: number) {}
  now(): number {
    return this.ms;
  }
  advance(ms: number): void {
    this.ms += ms;
  }
  set(iso: string): void {
    this.ms = Date.parse(iso);
  }
}

export interface InProcessNode {
  node: RunningNode;
  clock: FakeClock;
  url: string;
  wsUrl: string;
  store: SqliteStore;
  /** The node's bus, for a test that adds a second node's roles to it. */
  bus: MemoryBus;
  /** Moves time forward and runs the routing timers and a pass, as the ticker would. */
  tick(advanceMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startInProcessNode(options: {
  startIso: string;
  mailer?: Mailer;
  env?: Record<string, string>;
  /** Another presence than the in-memory one, e.g. one that takes its time as a networked one would. */
  presence?: Presence;
}): Promise<InProcessNode> {
  const clock = new FakeClock(Date.parse(options.startIso));
  const config = loadConfig({
    KEFU_PORT: '0',
    KEFU_HOST: '127.0.0.1',
    KEFU_DATA_DIR: tempDataDir(),
    // The test ticks by hand.
    KEFU_ROUTING_TICK_MS: '3600000',
    KEFU_LOG_LEVEL: 'error',
    // Suites that test the bot switch it on; the others expect conversations queued for people.
    KEFU_DEMO_BOT: 'false',
    ...options.env,
  });
  const store = SqliteStore.open({ path: path.join(config.dataDir, 'kefu.sqlite'), clock });
  await bootstrap(store, { email: ADMIN.email, password: ADMIN.password }, { demoBot: config.demoBot });
  const bus = new MemoryBus();
  const node = await startNode(config, {
    store,
    bus,
    clock,
    presence: options.presence ?? new MemoryPresence(),
    mailer: options.mailer ?? noMailer,
    log: createLogger('error'),
  });
  const url = `http://127.0.0.1:${node.port}`;
  const tenants = await store.listTenants();
  return {
    node,
    clock,
    url,
    wsUrl: `ws://127.0.0.1:${node.port}/ws`,
    store,
    bus,
    async tick(advanceMs = 0) {
      clock.advance(advanceMs);
      await node.router.tick();
      for (const t of tenants) await node.router.idle(t.id);
    },
    stop: () => node.drain(),
  };
}
