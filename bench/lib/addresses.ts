// Loopback source addresses for generator sockets, a fresh one per worker.
//
// Each address has its own range of ~28,000 ephemeral ports, and using a new one for every worker of
// every scenario keeps sockets left in TIME_WAIT by one scenario out of the way of the next.

let counter = 0;

/** 127.0.1.1, 127.0.1.2, … 127.0.1.250, 127.0.2.1, … (the whole of 127/8 is loopback on Linux). */
export function nextSourceAddress(): string {
  const n = counter++;
  return `127.0.${1 + (Math.floor(n / 250) % 250)}.${1 + (n % 250)}`;
}
