// Open-loop scheduling: frame n is due at start + n / rate, whatever became of the frames before it.
//
// A closed loop (send, wait for the answer, send the next) slows down with the server and so never
// records the wait of the frames it did not send: coordinated omission. Here every frame has an
// intended time fixed in advance; latency is measured from that time, so a stall of the server or of
// this process shows up in full in the percentiles.

export interface OpenLoopOptions {
  /** performance.now() time of frame 0. */
  startMs: number;
  ratePerSec: number;
  /** Frames due before this performance.now() time are sent; none after. */
  endMs: number;
  /** Sends frame `n`; `intendedMs` is its scheduled performance.now() time. */
  issue: (n: number, intendedMs: number) => void;
  /**
   * This generator's place among the `of` generators that share one schedule, each at
   * `ratePerSec`: its frames fall between theirs (frame n at start + (n + index / of) / rate), so
   * together they send one even schedule, not `of` frames at each instant.
   */
  share?: { index: number; of: number };
}

// Frames issued in one go before yielding to I/O, so a late schedule cannot starve the socket reads.
const MAX_BURST = 500;

/** Resolves once every frame of the schedule has been issued. */
export function runOpenLoop(options: OpenLoopOptions): Promise<number> {
  const { ratePerSec, endMs, issue, share } = options;
  const intervalMs = 1000 / ratePerSec;
  const startMs = options.startMs + (share ? (share.index / share.of) * intervalMs : 0);
  // Frames due strictly before endMs. The division alone can come out a hair above a whole
  // number (200.00000000000003 / 40) and count one frame due at endMs itself.
  let total = Math.max(0, Math.ceil((endMs - startMs) / intervalMs));
  if (total > 0 && startMs + (total - 1) * intervalMs >= endMs) total -= 1;
  let issued = 0;
  return new Promise((resolve) => {
    const tick = () => {
      const now = performance.now();
      const due = Math.min(total, Math.floor((now - startMs) / intervalMs) + 1);
      const until = Math.min(due, issued + MAX_BURST);
      while (issued < until) {
        issue(issued, startMs + issued * intervalMs);
        issued += 1;
      }
      if (issued >= total) return resolve(issued);
      if (issued < due) return void setImmediate(tick);
      // Wake at the next frame's time; timers fire at best about 1 ms late, which the issue-lag
      // histogram shows and the latencies include.
      const next = startMs + issued * intervalMs - performance.now();
      setTimeout(tick, Math.max(0, Math.floor(next)));
    };
    setTimeout(tick, Math.max(0, Math.floor(startMs - performance.now())));
  });
}
