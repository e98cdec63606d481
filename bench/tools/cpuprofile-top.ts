// Prints where a V8 CPU profile (`node --cpu-prof`) spent its time: self time by function, and
// total time by the server's own source files. Usage: node bench/dist/tools/cpuprofile-top.js FILE [N] [FROM-TO]
// FROM-TO (fractions of the profile's duration, e.g. 0.8-1) keeps only the samples of that stretch:
// a scenario's last phase, say, without the setup before it.
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, n = '30', window = '0-1'] = process.argv.slice(2);
if (!file) throw new Error('usage: cpuprofile-top FILE [N] [FROM-TO]');
const [from, to] = window.split('-').map(Number) as [number, number];
if (!(from >= 0 && to <= 1 && from < to)) throw new Error(`window ${window}: expected FROM-TO, fractions with FROM < TO, e.g. 0.8-1`);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;

const durationUs = profile.timeDeltas.reduce((a, b) => a + b, 0);
const selfUs = new Map<number, number>();
let elapsedUs = 0;
profile.samples.forEach((id, i) => {
  const us = profile.timeDeltas[i] ?? 0;
  elapsedUs += us;
  if (elapsedUs < from * durationUs || elapsedUs > to * durationUs) return;
  selfUs.set(id, (selfUs.get(id) ?? 0) + us);
});
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

const short = (url: string): string => url.replace(/^file:\/\/.*?\/(apps|node_modules|packages)\//, '$1/').replace(/^node:/, 'node:');
const label = (node: ProfileNode): string => `${node.callFrame.functionName || '(anonymous)'}  ${short(node.callFrame.url)}:${node.callFrame.lineNumber + 1}`;

let totalUs = 0;
let idleUs = 0;
const bySelf = new Map<string, number>();
const byFileInclusive = new Map<string, number>();
for (const node of profile.nodes) {
  const us = selfUs.get(node.id) ?? 0;
  totalUs += us;
  if (node.callFrame.functionName === '(idle)') idleUs += us;
  bySelf.set(label(node), (bySelf.get(label(node)) ?? 0) + us);
  // Inclusive time per source file: charge each sample once to every distinct file on its stack.
  const seen = new Set<string>();
  for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
    const url = short(byId.get(id)!.callFrame.url);
    if (url && !seen.has(url)) {
      seen.add(url);
      byFileInclusive.set(url, (byFileInclusive.get(url) ?? 0) + us);
    }
  }
}

const busyUs = totalUs - idleUs;
const pct = (us: number): string => `${((100 * us) / Math.max(1, busyUs)).toFixed(1).padStart(5)}%`;
const msStr = (us: number): string => `${(us / 1000).toFixed(0).padStart(7)} ms`;
process.stdout.write(`${file}\nsampled ${(totalUs / 1e6).toFixed(1)} s, busy ${(busyUs / 1e6).toFixed(1)} s (percentages are of busy time)\n\nself time:\n`);
for (const [name, us] of [...bySelf].filter(([k]) => !k.startsWith('(idle)')).sort((a, b) => b[1] - a[1]).slice(0, Number(n))) {
  process.stdout.write(`${msStr(us)} ${pct(us)}  ${name}\n`);
}
process.stdout.write('\ninclusive time of the server\'s own files:\n');
for (const [url, us] of [...byFileInclusive].filter(([u]) => u.startsWith('apps/') || u.startsWith('packages/')).sort((a, b) => b[1] - a[1]).slice(0, 20)) {
  process.stdout.write(`${msStr(us)} ${pct(us)}  ${url}\n`);
}
