// Time, behind a port so that timers and timestamps can be driven by a fake clock in tests.

export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
