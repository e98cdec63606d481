// The parent's handle on its generator workers: forks them, each on its own 127.0.0.x source
// address, hands out the pairs, and sends every command to all of them at once.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ADDRESSES_PER_WORKER, nextSourceAddress } from './addresses.js';
import type { ExtraCommand, ConnectOptions, ConnectReport, PairSpec, RunOptions, RunReport, StatsReport, TargetInfo, WorkerCommand, WorkerReply } from './types.js';

const WORKER = fileURLToPath(new URL('./worker.js', import.meta.url));

/** What a whole fleet did in one setup step: counts summed, time from first start to last end. */
export interface FleetConnectReport {
  ok: number;
  failed: number;
  firstError: string | null;
  elapsedMs: number;
  perSec: number;
}

export class Fleet {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  private constructor(readonly workers: ChildProcess[]) {
    for (const worker of workers) {
      worker.on('message', (reply: WorkerReply) => {
        const waiter = this.pending.get(reply.id);
        if (!waiter) return;
        this.pending.delete(reply.id);
        if (reply.ok) waiter.resolve(reply.value);
        else waiter.reject(new Error(reply.error));
      });
      worker.on('exit', (code, signal) => {
        if (code === 0 || signal === 'SIGKILL') return;
        for (const waiter of this.pending.values()) waiter.reject(new Error(`generator worker exited with ${code ?? signal}`));
        this.pending.clear();
      });
    }
  }

  /** Forks `count` workers and deals `pairs` out to them round-robin. */
  static async start(target: TargetInfo, pairs: PairSpec[], count: number): Promise<Fleet> {
    const workers = Array.from({ length: count }, () =>
      // Each worker may hold up to ~19,000 sockets; the heap default is plenty for that.
      fork(WORKER, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], serialization: 'advanced' }),
    );
    const fleet = new Fleet(workers);
    await Promise.all(
      workers.map((worker, i) =>
        fleet.ask(worker, {
          cmd: 'init',
          workerIndex: i,
          workerCount: count,
          localAddresses: Array.from({ length: ADDRESSES_PER_WORKER }, () => nextSourceAddress()),
          target,
          pairs: pairs.filter((_, k) => k % count === i),
        }),
      ),
    );
    return fleet;
  }

  get pids(): number[] {
    return this.workers.map((w) => w.pid!).filter((pid) => pid !== undefined);
  }

  async connect(options: ConnectOptions): Promise<FleetConnectReport> {
    const sockets = options.who === 'both' ? 2 : 1;
    return sum(await this.all<ConnectReport>({ cmd: 'connect', options }), sockets);
  }

  async createConversations(concurrency: number): Promise<FleetConnectReport> {
    return sum(await this.all<ConnectReport>({ cmd: 'createConversations', concurrency }), 1);
  }

  run(options: RunOptions): Promise<RunReport[]> {
    return this.all<RunReport>({ cmd: 'run', options });
  }

  async stats(): Promise<StatsReport> {
    const parts = await this.all<StatsReport>({ cmd: 'stats' });
    return {
      open: parts.reduce((n, p) => n + p.open, 0),
      closed: parts.reduce((n, p) => n + p.closed, 0),
      minPings: Math.min(...parts.map((p) => p.minPings)),
      maxPings: Math.max(...parts.map((p) => p.maxPings)),
      lastClose: parts.find((p) => p.lastClose)?.lastClose ?? null,
    };
  }

  /** Any of the later scenarios' commands (lib/worker-scenarios.ts), to every worker; their answers in worker order. */
  tell<T>(command: ExtraCommand): Promise<T[]> {
    return this.all<T>(command);
  }

  async closeSockets(): Promise<void> {
    await this.all({ cmd: 'close' });
  }

  /** Ends the workers; the kernel closes whatever sockets they still hold. */
  async stop(): Promise<void> {
    await Promise.all(
      this.workers.map(
        (worker) =>
          new Promise<void>((resolve) => {
            if (worker.exitCode !== null || worker.signalCode !== null) return resolve();
            worker.once('exit', () => resolve());
            worker.kill('SIGKILL');
          }),
      ),
    );
  }

  private all<T>(command: WorkerCommand): Promise<T[]> {
    return Promise.all(this.workers.map((worker) => this.ask<T>(worker, command)));
  }

  private ask<T>(worker: ChildProcess, command: WorkerCommand): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      worker.send({ ...command, id });
    });
  }
}

function sum(parts: ConnectReport[], socketsPerItem: number): FleetConnectReport {
  const ok = parts.reduce((n, p) => n + p.ok, 0);
  const elapsedMs = Math.max(1, Math.max(...parts.map((p) => p.endedAtMs)) - Math.min(...parts.map((p) => p.startedAtMs)));
  return {
    ok,
    failed: parts.reduce((n, p) => n + p.failed, 0),
    firstError: parts.find((p) => p.firstError)?.firstError ?? null,
    elapsedMs,
    perSec: (ok * socketsPerItem * 1000) / elapsedMs,
  };
}
