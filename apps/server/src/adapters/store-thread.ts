// The SQLite store on a worker thread of its own: every Store call crosses as a message, so the
// statements, the commits and the fsync requests leave the event loop, which keeps the sockets.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AppError, type AppErrorCode } from '../domain/app-error.js';
import { systemClock, type Clock } from '../ports/clock.js';
import type { Store } from '../ports/store.js';

/** What the worker needs to open the store. */
export interface StoreThreadData {
  path: string;
  /** True when the caller's clock is not the system's: each call then carries the caller's time. */
  followsCallerClock: boolean;
}

export interface CallMessage {
  id: number;
  method: string;
  args: unknown[];
  /** The caller's clock at the call, when the worker follows it. */
  now?: number;
}

export interface SerializedError {
  /** An AppError, rebuilt as one on this side; anything else becomes a plain Error. */
  code?: AppErrorCode;
  message: string;
  retryable?: boolean;
  details?: Readonly<Record<string, unknown>>;
}

export type ReplyMessage =
  | { kind: 'ready' }
  | { kind: 'failed'; error: SerializedError }
  | { kind: 'reply'; id: number; ok: true; value: unknown }
  | { kind: 'reply'; id: number; ok: false; error: SerializedError };

export function serializeError(error: unknown): SerializedError {
  if (error instanceof AppError) {
    return { code: error.code, message: error.message, retryable: error.retryable, ...(error.details ? { details: error.details } : {}) };
  }
  return { message: error instanceof Error ? error.message : String(error) };
}

function rebuildError(e: SerializedError): Error {
  if (e.code === undefined) return new Error(e.message);
  return new AppError(e.code, e.message, { retryable: e.retryable ?? false, ...(e.details ? { details: e.details } : {}) });
}

const WORKER_FILE = fileURLToPath(new URL('./store-thread-worker.js', import.meta.url));

export interface StoreThreadOptions {
  path: string;
  clock?: Clock;
  /** The compiled worker; tests that run from sources point at the build. */
  workerFile?: string;
}

interface Waiting {
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Opens the store on a worker thread; resolves once its migrations have run. Calls keep their
 * order on the way in; answers come as the store gives them, as they would in this thread.
 */
export async function openStoreThread(options: StoreThreadOptions): Promise<Store> {
  const file = options.workerFile ?? WORKER_FILE;
  if (!existsSync(file)) throw new Error(`the store's worker is not built: ${file} (run npm run build)`);
  const clock = options.clock ?? systemClock;
  const data: StoreThreadData = { path: options.path, followsCallerClock: clock !== systemClock };
  const worker = new Worker(file, { workerData: data });
  const waiting = new Map<number, Waiting>();
  let lastId = 0;
  let broken: Error | undefined;

  await new Promise<void>((resolve, reject) => {
    const onFirst = (message: ReplyMessage) => {
      worker.off('error', reject);
      if (message.kind === 'ready') resolve();
      else if (message.kind === 'failed') reject(rebuildError(message.error));
      else reject(new Error('the store worker answered before it was ready'));
    };
    worker.once('message', onFirst);
    worker.once('error', reject);
  });

  const failAll = (error: Error) => {
    broken ??= error;
    for (const w of waiting.values()) w.reject(error);
    waiting.clear();
  };
  worker.on('message', (message: ReplyMessage) => {
    if (message.kind !== 'reply') return;
    const w = waiting.get(message.id);
    if (!w) return;
    waiting.delete(message.id);
    if (message.ok) w.resolve(message.value);
    else w.reject(rebuildError(message.error));
  });
  worker.on('error', (error) => failAll(new AppError('internal', 'the store thread failed', { cause: error })));
  worker.on('exit', () => failAll(new AppError('unavailable', 'store is closed')));

  const call = (method: string, args: unknown[]): Promise<unknown> => {
    if (broken) return Promise.reject(broken);
    return new Promise((resolve, reject) => {
      const id = ++lastId;
      waiting.set(id, { resolve, reject });
      const message: CallMessage = { id, method, args, ...(data.followsCallerClock ? { now: clock.now() } : {}) };
      worker.postMessage(message);
    });
  };

  const close = async (): Promise<void> => {
    if (broken) return;
    await call('close', []);
    broken = new AppError('unavailable', 'store is closed');
    await worker.terminate();
  };

  // Every Store method is asynchronous and takes and returns plain data, so one forwarder serves
  // them all; the worker refuses a name the store does not have.
  return new Proxy({} as Store, {
    get(_target, property) {
      if (property === 'close') return close;
      // Not a thenable: `await store` must not call the worker.
      if (typeof property !== 'string' || property === 'then') return undefined;
      return (...args: unknown[]) => call(property, args);
    },
  });
}
