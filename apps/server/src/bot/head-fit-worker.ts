// The worker thread of head-fitter.ts: fits the encoder head it was started with, posts the weights, ends.
import { parentPort, workerData } from 'node:worker_threads';
import { fitHead, type HeadFitRequest } from '../dialogue/semantic/encoder-head.js';
import type { HeadFitReply } from './head-fitter.js';

const port = parentPort;
if (port) {
  try {
    const model = fitHead(workerData as HeadFitRequest);
    port.postMessage({ ok: true, model } satisfies HeadFitReply, [model.weights.buffer as ArrayBuffer, model.bias.buffer as ArrayBuffer]);
  } catch (error) {
    port.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) } satisfies HeadFitReply);
  }
}
