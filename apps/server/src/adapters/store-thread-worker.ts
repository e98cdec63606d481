// The worker side of store-thread: opens the SQLite store and answers each call in order of arrival.
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { systemClock, type Clock } from '../ports/clock.js';
import { SqliteStore } from './sqlite-store.js';
import { serializeError, type CallMessage, type ReplyMessage, type StoreThreadData } from './store-thread.js';

const data = workerData as StoreThreadData;

// A caller with its own clock (tests) sends its time with every call; stored timestamps follow it.
let callerNow = Date.now();
const clock: Clock = data.followsCallerClock ? { now: () => callerNow } : systemClock;

if (!parentPort) throw new Error('store-thread-worker runs as a worker thread');
start(parentPort);

function start(port: MessagePort): void {
  const post = (message: ReplyMessage) => port.postMessage(message);
  let store: SqliteStore;
  try {
    store = SqliteStore.open({ path: data.path, clock });
  } catch (error) {
    // Said once, as the answer to the open; the thread then ends without an error event of its own.
    post({ kind: 'failed', error: serializeError(error) });
    port.close();
    return;
  }
  post({ kind: 'ready' });
  port.on('message', (message: CallMessage) => {
    if (message.now !== undefined) callerNow = message.now;
    const method = (store as unknown as Record<string, unknown>)[message.method];
    if (typeof method !== 'function') {
      post({ kind: 'reply', id: message.id, ok: false, error: { message: `the store has no method ${message.method}` } });
      return;
    }
    const run = async (): Promise<unknown> => (method as (...args: unknown[]) => unknown).apply(store, message.args);
    run().then(
      (value) => post({ kind: 'reply', id: message.id, ok: true, value }),
      (error: unknown) => post({ kind: 'reply', id: message.id, ok: false, error: serializeError(error) }),
    );
  });
}
