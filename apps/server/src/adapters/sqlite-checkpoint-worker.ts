// The worker thread of sqlite-checkpointer.ts: checkpoints the store's WAL on its own connection until told to stop.
import { parentPort, workerData } from 'node:worker_threads';
import { openCheckpointConnection, WalCheckpoints, type CheckpointWorkerData } from './sqlite-checkpointer.js';

const port = parentPort;
if (port) {
  const data = workerData as CheckpointWorkerData;
  const db = openCheckpointConnection(data.path);
  const checkpoints = new WalCheckpoints(db, data.cells, data, () => port.postMessage('released'));
  const timer = setInterval(() => {
    try {
      checkpoints.tick();
    } catch {
      // Busy or failed: the WAL only grows until the next look; nothing acknowledged depends on it.
    }
  }, data.pollMs);
  port.on('message', (message: unknown) => {
    if (message !== 'stop') return;
    clearInterval(timer);
    db.close();
    port.close();
  });
}
