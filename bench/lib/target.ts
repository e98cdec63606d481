// A server under test with everything around it: its process, a fleet of generator workers holding
// the pairs, and the loop probe. Started fresh for each scenario, on a fresh data directory.
import { rmSync } from 'node:fs';
import type { BenchContext } from './context.js';
import { freshCopy } from './fixture.js';
import { Fleet, type FleetConnectReport } from './fleet.js';
import { launchBaseline, launchKefu, type BaselineKind, type ServerHandle } from './launcher.js';
import { nextSourceAddress } from './addresses.js';
import { LoopProbe } from './probe.js';
import type { PairSpec, TargetInfo } from './types.js';

export type TargetKind = 'kefu' | BaselineKind;

export interface TargetOptions {
  pairs: number;
  /** Extra KEFU_* settings (Kefu only). */
  env?: Record<string, string>;
}

export interface LiveTarget {
  kind: TargetKind;
  /** The server now; a scenario that restarts it on the same data directory puts the new one here. */
  server: ServerHandle;
  dataDir: string;
  info: TargetInfo;
  fleet: Fleet;
  probe: LoopProbe;
  pairs: number;
  stop(): Promise<void>;
}

export async function startTarget(ctx: BenchContext, kind: TargetKind, options: TargetOptions): Promise<LiveTarget> {
  const dataDir = freshCopy(kind === 'kefu' ? ctx.fixture : null);
  let server: ServerHandle | null = null;
  let fleet: Fleet | null = null;
  try {
    server =
      kind === 'kefu'
        ? await launchKefu({ dataDir, env: options.env, cpuProfileDir: ctx.cpuProfileDir ?? undefined })
        : await launchBaseline(kind, dataDir);
    const info: TargetInfo = {
      name: kind,
      transport: kind === 'socketio' ? 'socketio' : 'ws',
      url: server.wsUrl,
      kefu: kind === 'kefu' ? { httpUrl: server.httpUrl, widgetKey: ctx.fixture.widgetKey } : null,
    };
    const agents = ctx.fixture.agents;
    // Pair i's agent is agent i of the fixture; past the fixture's size agents take several pairs.
    const specs: PairSpec[] = Array.from({ length: options.pairs }, (_, i) => ({ agentToken: kind === 'kefu' ? agents[i % agents.length]!.token : 'bench' }));
    fleet = await Fleet.start(info, specs, ctx.workers);
    const probe = await LoopProbe.open(info, nextSourceAddress());
    const live: LiveTarget = {
      kind,
      server,
      dataDir,
      info,
      fleet,
      probe,
      pairs: options.pairs,
      async stop() {
        live.probe.close();
        await live.fleet.stop();
        await live.server.stop();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
    return live;
  } catch (error) {
    await fleet?.stop();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}

export interface PairSetup {
  visitors: FleetConnectReport;
  conversations: FleetConnectReport;
  agents: FleetConnectReport;
}

/**
 * Connects every pair: visitors say hello, each makes its conversation (Kefu: first send, then the
 * agent claims it over REST), then agents say hello resuming it. Agents come last so that the
 * `conv` updates of the setup do not fan out to a thousand agent sockets.
 */
export async function setupPairs(target: LiveTarget, concurrency = 50): Promise<PairSetup> {
  const visitors = await target.fleet.connect({ who: 'visitors', concurrency, resume: false });
  const conversations = await target.fleet.createConversations(concurrency);
  const agents = await target.fleet.connect({ who: 'agents', concurrency, resume: true });
  for (const [step, report] of Object.entries({ visitors, conversations, agents })) {
    if (report.failed > 0) throw new Error(`${target.kind}: ${report.failed} pairs failed at ${step}: ${report.firstError}`);
  }
  return { visitors, conversations, agents };
}

/** Starts several targets one after the other (so their setups do not overlap), all or none. */
export async function startTargets(ctx: BenchContext, kinds: TargetKind[], options: TargetOptions): Promise<LiveTarget[]> {
  const live: LiveTarget[] = [];
  try {
    for (const kind of kinds) live.push(await startTarget(ctx, kind, options));
    return live;
  } catch (error) {
    await stopTargets(live);
    throw error;
  }
}

export async function stopTargets(targets: LiveTarget[]): Promise<void> {
  for (const target of targets) await target.stop();
}
