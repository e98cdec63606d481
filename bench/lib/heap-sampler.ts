// Loaded into a Kefu under test with `--import` (through NODE_OPTIONS) by the soak: every
// KEFU_BENCH_HEAP_EVERY_MS it runs a full garbage collection and appends the heap then in use, the
// resident set and the open file descriptors to KEFU_BENCH_HEAP_FILE, one JSON object per line.
// After a full collection the heap holds only what is reachable, so its trend is the server's
// retained memory, free of the sawtooth of garbage waiting for the next collection.
import { appendFileSync, readdirSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { isMainThread } from 'node:worker_threads';

const file = process.env.KEFU_BENCH_HEAP_FILE;
const everyMs = Number(process.env.KEFU_BENCH_HEAP_EVERY_MS ?? 15_000);

if (file && isMainThread) {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const sample = () => {
    gc();
    const m = process.memoryUsage();
    let fds = -1;
    try {
      fds = readdirSync('/proc/self/fd').length;
    } catch {
      // Not Linux: the soak reads /proc/<pid>/fd itself.
    }
    appendFileSync(file, `${JSON.stringify({ atMs: Date.now(), heapUsed: m.heapUsed, rss: m.rss, external: m.external, fds })}\n`);
  };
  setTimeout(sample, 1_000).unref();
  setInterval(sample, everyMs).unref();
}
