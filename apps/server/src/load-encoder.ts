// Builds the configured sentence encoder; adapters are imported only when named, so an unused ONNX runtime is never loaded.
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { EncoderSpec } from './config.js';
import type { Encoder } from './ports/encoder.js';

export async function loadEncoder(spec: EncoderSpec): Promise<Encoder> {
  switch (spec.kind) {
    case 'use-lite': {
      const { UseLiteEncoder } = await import('./adapters/use-lite-encoder.js');
      return UseLiteEncoder.load();
    }
    case 'onnx': {
      const { OnnxEncoder } = await import('./adapters/onnx-encoder.js');
      return OnnxEncoder.load(spec.dir);
    }
  }
}

/**
 * A name that changes whenever the encoder's output could: the package version for use-lite, a
 * hash of the model file and of the vocabulary for ONNX. Caches of embeddings are keyed by it.
 */
export function encoderIdentity(spec: EncoderSpec): string {
  if (spec.kind === 'use-lite') return 'use-lite@0.2.0';
  const hash = createHash('sha256');
  for (const name of ['model.onnx', 'vocab.txt']) {
    const file = path.join(spec.dir, name);
    hash.update(`${name}\0${statSync(file).size}\0`).update(readFileSync(file));
  }
  return `onnx:${hash.digest('hex').slice(0, 16)}`;
}
