// CPU time and memory of a process, read from /proc (Linux), so any pid can be watched from outside.
import { readFileSync } from 'node:fs';

// USER_HZ: the unit of utime/stime in /proc/<pid>/stat; 100 on every Linux build that matters.
const TICKS_PER_SEC = 100;

/** User + system CPU seconds the process has used so far. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces; the fields after it start past its closing ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 14 and 15 of the file (utime, stime) are 12 and 13 here, counting from field 3.
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SEC;
}

/** Resident set size in bytes. */
export function rssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = /^VmRSS:\s+(\d+) kB/m.exec(status);
  return m ? Number(m[1]) * 1024 : 0;
}

/** The soft limit on open files of the process (what `ulimit -n` said when it started). */
export function openFilesLimit(pid: number): number {
  try {
    const limits = readFileSync(`/proc/${pid}/limits`, 'utf8');
    return Number(/^Max open files\s+(\d+)/m.exec(limits)?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/** Samples the CPU of some processes between two moments, as a share of one core. */
export class CpuMeter {
  private readonly startSec: number[];
  private readonly startMs = performance.now();

  constructor(private readonly pids: number[]) {
    this.startSec = pids.map(cpuSeconds);
  }

  /** CPU seconds used since construction and the average cores busy, summed over the pids. */
  read(): { seconds: number; cores: number } {
    const seconds = this.pids.reduce((sum, pid, i) => sum + cpuSeconds(pid) - this.startSec[i]!, 0);
    const wallSec = (performance.now() - this.startMs) / 1000;
    return { seconds, cores: wallSec > 0 ? seconds / wallSec : 0 };
  }
}

/**
 * CPU seconds the hypervisor has held back from this machine's cores (steal time): a virtual
 * machine whose host is busy with other guests runs everything slower, baselines included.
 */
export function machineStealSeconds(): number {
  return (machineTicks().steal ?? 0) / TICKS_PER_SEC;
}

/** CPU seconds the whole machine has spent busy (all cores, everything but idle and iowait). */
export function machineBusySeconds(): number {
  const { user, nice, system, irq, softirq, steal } = machineTicks();
  return ((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0)) / TICKS_PER_SEC;
}

/** The machine's CPU ticks so far, all cores summed: the `cpu` line of /proc/stat. */
function machineTicks(): Partial<Record<'user' | 'nice' | 'system' | 'idle' | 'iowait' | 'irq' | 'softirq' | 'steal', number>> {
  const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!;
  const [user, nice, system, idle, iowait, irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
  return { user, nice, system, idle, iowait, irq, softirq, steal };
}
