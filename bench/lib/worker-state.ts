// What a generator worker holds for the scenarios it runs, and how their reports name an error.
import type { SourceAddresses } from './addresses.js';
import type { Pair } from './pair.js';
import type { Recorder } from './recorder.js';
import type { TargetInfo } from './types.js';

export interface WorkerState {
  workerIndex: number;
  /** How many workers share each open-loop schedule (see `share` in open-loop.ts). */
  workerCount: number;
  /** This worker's source addresses, one per new connection in turn. */
  sources: SourceAddresses;
  target: TargetInfo;
  pairs: Pair[];
  recorder: Recorder;
}

/** The message of whatever was thrown, for a report's `firstError`. */
export const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));
