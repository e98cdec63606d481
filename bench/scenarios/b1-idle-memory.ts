// B1: memory per idle socket after hello, 10,000 sockets (5,000 visitor–agent pairs), against the
// bare `ws` router (goal ≤ 2×) and socket.io.
import { sleep } from '../lib/pool.js';
import { rssBytes } from '../lib/proc-stat.js';
import type { Scenario } from '../lib/result.js';
import { int, times } from '../lib/result.js';
import { TARGET_COLORS } from '../lib/steps.js';
import { startTarget, type TargetKind } from '../lib/target.js';

interface Row {
  target: string;
  sockets: number;
  rssBeforeMiB: number;
  rssAfterMiB: number;
  kibPerSocket: number;
  connectPerSec: number;
  failed: number;
}

const SETTLE_MS = 2_000;

/** The median of a few RSS samples, so one sample taken mid-GC does not decide. */
async function steadyRss(pid: number): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < 5; i++) {
    samples.push(rssBytes(pid));
    await sleep(200);
  }
  return samples.sort((a, b) => a - b)[2]!;
}

export const b1IdleMemory: Scenario = {
  id: 'B1',
  title: 'Memory per idle socket after hello',
  smoke: true,
  estimateSec: 120,
  smokeEstimateSec: 25,
  async run(ctx) {
    const pairs = ctx.smoke ? 250 : 5000;
    const targets: TargetKind[] = ctx.smoke ? ['kefu', 'bare-ws'] : ['kefu', 'bare-ws', 'socketio'];
    const rows: Row[] = [];
    for (const kind of targets) {
      const target = await startTarget(ctx, kind, { pairs });
      try {
        await sleep(1_000);
        const before = await steadyRss(target.server.pid);
        const connected = await target.fleet.connect({ who: 'both', concurrency: 100, resume: false });
        await sleep(SETTLE_MS);
        const after = await steadyRss(target.server.pid);
        const { open } = await target.fleet.stats();
        rows.push({
          target: kind,
          sockets: open,
          rssBeforeMiB: before / 2 ** 20,
          rssAfterMiB: after / 2 ** 20,
          kibPerSocket: (after - before) / 1024 / Math.max(1, open),
          connectPerSec: connected.perSec,
          failed: connected.failed,
        });
        ctx.log(`  ${kind}: ${open} sockets, ${rows.at(-1)!.kibPerSocket.toFixed(1)} KiB each`);
      } finally {
        await target.stop();
      }
    }

    const kefu = rows.find((r) => r.target === 'kefu');
    const bare = rows.find((r) => r.target === 'bare-ws');
    const goals = [];
    if (kefu && bare) {
      const ratio = kefu.kibPerSocket / bare.kibPerSocket;
      goals.push({
        scenario: 'B1',
        name: `memory per idle socket, ${int(kefu.sockets)} sockets, vs bare-ws`,
        target: '≤ 2×',
        measured: `${kefu.kibPerSocket.toFixed(1)} KiB vs ${bare.kibPerSocket.toFixed(1)} KiB`,
        ratio,
        met: ratio <= 2 && kefu.sockets === pairs * 2,
      });
    }
    return {
      notes: [
        `${int(pairs)} visitors and ${int(pairs)} agent connections say hello (visitors new, so Kefu stores a contact for each; agent connections use the fixture's ${int(ctx.fixture.agents.length)} agents, several connections each) and then stay idle. Memory per socket is the growth of the server's resident set (VmRSS, median of five samples) from before the first connection to ${SETTLE_MS / 1000} s after the last welcome, divided by the sockets open. It includes whatever the server keeps per connection and per visitor (socket buffers in user space, session state, the SQLite pages the new contacts touched), and garbage not yet collected.${kefu && bare ? ` Kefu: ${kefu.kibPerSocket.toFixed(1)} KiB per socket, ${times(kefu.kibPerSocket / bare.kibPerSocket)} the bare router.` : ''}`,
      ],
      goals,
      tables: [
        {
          title: 'Resident memory, idle after hello',
          columns: ['target', 'sockets', 'RSS before MiB', 'RSS after MiB', 'KiB per socket', 'connect+hello/s', 'failed'],
          rows: rows.map((r) => [r.target, int(r.sockets), r.rssBeforeMiB.toFixed(0), r.rssAfterMiB.toFixed(0), r.kibPerSocket.toFixed(1), int(r.connectPerSec), r.failed]),
        },
      ],
      charts: [
        {
          kind: 'bar',
          file: 'b1-memory-per-socket.svg',
          title: `B1 memory per idle socket (${int(pairs * 2)} sockets)`,
          yLabel: 'KiB per socket',
          bars: rows.map((r) => ({ label: r.target, value: Math.round(r.kibPerSocket * 10) / 10, color: TARGET_COLORS[r.target] })),
          guides: bare ? [{ y: bare.kibPerSocket * 2, label: '2× bare-ws (goal)' }] : [],
        },
      ],
      data: { pairs, rows },
    };
  },
};
