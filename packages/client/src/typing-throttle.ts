// My typing indicator: at most one `on` per conversation every 2 s, and an `off` only after an `on`.

/** Least time between two `typing on` frames of one conversation, in ms. */
export const TYPING_THROTTLE_MS = 2_000;

export class TypingThrottle {
  private readonly sentOnAt = new Map<string, number>();
  private readonly on = new Set<string>();

  constructor(private readonly now: () => number) {}

  /** Whether an `on` for `conv` may go now; call `sentOn` once it went. */
  mayTurnOn(conv: string): boolean {
    const last = this.sentOnAt.get(conv);
    return last === undefined || this.now() - last >= TYPING_THROTTLE_MS;
  }

  sentOn(conv: string): void {
    this.sentOnAt.set(conv, this.now());
    this.on.add(conv);
  }

  /** Whether an `off` is owed for `conv` (an `on` went and no `off` since); forgets the `on`. */
  takeOff(conv: string): boolean {
    return this.on.delete(conv);
  }
}
