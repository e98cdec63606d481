// Loopback source addresses for generator sockets, fresh ones for every worker.
//
// Each address has its own range of ~28,000 ephemeral ports, and using new ones for every worker of
// every scenario keeps sockets left in TIME_WAIT by one scenario out of the way of the next.

let counter = 0;

/** 127.0.1.1, 127.0.1.2, … 127.0.1.250, 127.0.2.1, … (the whole of 127/8 is loopback on Linux). */
export function nextSourceAddress(): string {
  const n = counter++;
  return `127.0.${1 + (Math.floor(n / 250) % 250)}.${1 + (n % 250)}`;
}

/**
 * How many source addresses each worker uses in turn. A socket bound to a source address before it
 * connects (how a client picks one) gets its port from a search of that address's range, which
 * slows down as the range fills: with one address per worker, the 10,000 sockets of a reconnect
 * storm and those left in TIME_WAIT by the reconnects before it made each bind() take about 2 ms,
 * three quarters of the generator's time, and blocked its loop for seconds (bench/FINDINGS.md).
 */
export const ADDRESSES_PER_WORKER = 16;

/** A worker's source addresses, handed out in turn, one per new connection. */
export class SourceAddresses {
  private next = 0;

  constructor(private readonly addresses: readonly string[]) {
    if (addresses.length === 0) throw new Error('SourceAddresses: no address');
  }

  take(): string {
    const address = this.addresses[this.next]!;
    this.next = (this.next + 1) % this.addresses.length;
    return address;
  }
}
