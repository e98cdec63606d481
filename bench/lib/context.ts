// What every scenario is handed: the run's profile, the machine, the seeded store, a logger.
import type { Fixture } from './fixture.js';
import type { Machine } from './machine.js';

export interface BenchContext {
  /** The short suite (`npm run bench:smoke`): fewer sockets, shorter windows, fewer targets. */
  smoke: boolean;
  machine: Machine;
  fixture: Fixture;
  /** Generator processes per target (each with its own source address). */
  workers: number;
  /** Epoch ms at which the run's time budget ends; a scenario with an open-ended step bounds it by this. */
  budgetEndsAtMs: number;
  /** Where a Kefu under test writes its V8 CPU profile, when profiling was asked for. */
  cpuProfileDir: string | null;
  /** `--name=value` options of the command line (besides --only), e.g. `b8-clients`. */
  options: Record<string, string>;
  log(line: string): void;
}
