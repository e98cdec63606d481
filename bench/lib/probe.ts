// The server's responsiveness seen from outside: an app-level ping/pong round trip on an idle
// connection of its own, from the (otherwise idle) bench parent.
//
// Kefu does not export its event-loop delay, and the baselines must be measured the same way, so
// this round trip stands in for it: on an idle loop it is a fraction of a millisecond, and any time
// the server's loop spends blocked (a long fsync, a GC pause, a big batch) adds to it directly.
import type { Histogram } from 'hdr-histogram-js';
import { newHistogram, percentiles, recordMs, type Percentiles } from './histogram.js';
import { openLink, type Link } from './links.js';
import type { TargetInfo } from './types.js';

const INTERVAL_MS = 20;
// A pong later than this is recorded at its age when the next ping is due, not waited for forever.
const GIVE_UP_MS = 10_000;

export class LoopProbe {
  private readonly histogram: Histogram = newHistogram();
  private sentAt: number | null = null;
  private timer: NodeJS.Timeout | null = null;

  private constructor(private link: Link | null) {}

  static async open(target: TargetInfo, localAddress: string): Promise<LoopProbe> {
    let probe: LoopProbe | null = null;
    let welcomed: () => void = () => {};
    const ready = new Promise<void>((resolve) => (welcomed = resolve));
    const link = await openLink(target, localAddress, {
      frame: (frame) => {
        if (frame.t === 'welcome') welcomed();
        if (frame.t === 'pong') probe?.pong();
      },
      close: () => {},
    });
    probe = new LoopProbe(link);
    link.send({ t: 'hello', v: 1, role: 'visitor', widgetKey: target.kefu?.widgetKey ?? 'bench' });
    await ready;
    probe.timer = setInterval(() => probe.tick(), INTERVAL_MS);
    return probe;
  }

  /** Forgets what was measured so far: a measurement window starts now. */
  reset(): void {
    this.histogram.reset();
  }

  read(): Percentiles {
    return percentiles(this.histogram);
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.link?.destroy();
    this.link = null;
  }

  private tick(): void {
    if (!this.link?.isOpen) return;
    if (this.sentAt !== null) {
      if (performance.now() - this.sentAt < GIVE_UP_MS) return;
      recordMs(this.histogram, performance.now() - this.sentAt);
    }
    this.sentAt = performance.now();
    this.link.send({ t: 'ping' });
  }

  private pong(): void {
    if (this.sentAt === null) return;
    recordMs(this.histogram, performance.now() - this.sentAt);
    this.sentAt = null;
  }
}
