// Fits a knowledge base's encoder head on a worker thread: seconds of CPU that the event loop should not wait through.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { fitHead, type FitHead, type HeadFitRequest, type HeadModel } from '../dialogue/semantic/encoder-head.js';

export type HeadFitReply = { readonly ok: true; readonly model: HeadModel } | { readonly ok: false; readonly message: string };

const WORKER_FILE = fileURLToPath(new URL('./head-fit-worker.js', import.meta.url));

/**
 * One worker per fit; the vectors are handed over, not copied. The compiled server has
 * `head-fit-worker.js` beside this file; run from TypeScript sources (as unit tests do) there is
 * none, and the fit runs on this thread. The worker does not hold the process open: a server
 * shutting down mid-fit does not wait for it.
 */
export const workerHeadFit: FitHead = async (request: HeadFitRequest) => {
  if (!existsSync(WORKER_FILE)) return fitHead(request);
  const worker = new Worker(WORKER_FILE, { workerData: request, transferList: [request.vectors.buffer as ArrayBuffer] });
  worker.unref();
  try {
    const reply = await new Promise<HeadFitReply>((resolve, reject) => {
      worker.once('message', (m: HeadFitReply) => resolve(m));
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`encoder head worker exited with ${code}`)));
    });
    if (!reply.ok) throw new Error(`encoder head fit failed: ${reply.message}`);
    return reply.model;
  } finally {
    void worker.terminate();
  }
};
