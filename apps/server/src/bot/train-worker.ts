// The worker thread of semantic-trainer.ts: trains on the request it was started with, posts the snapshot, ends.
import { parentPort, workerData } from 'node:worker_threads';
import { pack, trainSnapshot, transferables, type TrainReply, type TrainRequest } from './semantic-trainer.js';

const port = parentPort;
if (port) {
  try {
    const snapshot = await trainSnapshot(workerData as TrainRequest);
    port.postMessage({ ok: true, packed: pack(snapshot) } satisfies TrainReply, transferables(snapshot));
  } catch (error) {
    port.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) } satisfies TrainReply);
  }
}
