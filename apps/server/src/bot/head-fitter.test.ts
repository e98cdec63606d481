import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { HashingEncoder } from '../adapters/hashing-encoder.js';
import { initialDialogueState } from '../dialogue/decision.js';
import { fitHead, type FitHead, type HeadFitRequest } from '../dialogue/semantic/encoder-head.js';
import type { HeadFitReply } from './head-fitter.js';
import { buildBrain } from './build-brain.js';
import { workerTrainer } from './semantic-trainer.js';

const COMPILED_WORKER = fileURLToPath(new URL('../../dist/bot/head-fit-worker.js', import.meta.url));

async function request(): Promise<HeadFitRequest> {
  const texts = ['where is my package', 'track my package', 'where is my refund', 'refund not paid'];
  const vectors = await new HashingEncoder(16).embed(texts);
  const flat = new Float32Array(texts.length * 16);
  vectors.forEach((v, i) => flat.set(v, i * 16));
  return { vectors: flat, labels: Int32Array.from([0, 0, 1, 1]), classes: 2, dimension: 16, minSteps: 500 };
}

describe('encoder head fitting', () => {
  it.skipIf(!existsSync(COMPILED_WORKER))('fits on the compiled worker thread exactly as on this one (needs npm run build)', async () => {
    const here = fitHead(await request());
    const worker = new Worker(COMPILED_WORKER, { workerData: await request() });
    const reply = await new Promise<HeadFitReply>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    await worker.terminate();
    if (!reply.ok) throw new Error(reply.message);
    expect([...reply.model.weights]).toEqual([...here.weights]);
    expect([...reply.model.bias]).toEqual([...here.bias]);
  });

  it('builds a brain whose engine runs the encoder stage', async () => {
    const config = {
      entries: [
        { id: 'track', question: 'where is my package', similar: ['track my package', 'my package has not arrived'], answer: 'a' },
        { id: 'refund', question: 'where is my refund', similar: ['my refund has not arrived', 'track my refund'], answer: 'b' },
      ],
      rules: [],
      flows: [],
      decision: {},
    };
    const trainer = workerTrainer();
    try {
      const encoder = new HashingEncoder(64, { parcel: 'package' });
      const brain = await buildBrain({ version: 1, config } as unknown as Parameters<typeof buildBrain>[0], trainer, { encoder });
      const { decision } = await brain.engine.understand('where is my parcel', initialDialogueState);
      expect(decision).toMatchObject({ kind: 'answer', entryId: 'track' });
    } finally {
      await trainer.close();
    }
  });
  it('fits no head for a knowledge base above `retrievalAbove` entries: nearest examples instead', async () => {
    const config = {
      entries: [
        { id: 'track', question: 'where is my package', similar: ['track my package', 'my package has not arrived'], answer: 'a' },
        { id: 'refund', question: 'where is my refund', similar: ['my refund has not arrived', 'track my refund'], answer: 'b' },
        { id: 'password', question: 'how do i reset my password', similar: ['forgot my password', 'change password'], answer: 'c' },
      ],
      rules: [],
      flows: [],
      decision: {},
    };
    const version = { version: 1, config } as unknown as Parameters<typeof buildBrain>[0];
    let fits = 0;
    const counting: FitHead = async (r) => {
      fits += 1;
      return fitHead(r);
    };
    const trainer = workerTrainer();
    try {
      const encoder = new HashingEncoder(64, { parcel: 'package' });
      const large = await buildBrain(version, trainer, { encoder, fitEncoderHead: counting, semantic: { retrievalAbove: 2 } });
      expect(fits).toBe(0);
      expect(large.engine.encoderKind).toBe('nearest');
      expect((await large.engine.understand('where is my parcel', initialDialogueState)).trace.scores[0]?.entryId).toBe('track');
      const small = await buildBrain(version, trainer, { encoder, fitEncoderHead: counting, semantic: { retrievalAbove: 3 } });
      expect(fits).toBe(1);
      expect(small.engine.encoderKind).toBe('head');
    } finally {
      await trainer.close();
    }
  });
});
