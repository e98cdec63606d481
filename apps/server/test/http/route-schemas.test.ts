// Route schemas are compiled on first use and in the background after the node listens; this
// checks that every route the server declares has schemas that compile, as a start used to.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInProcessNode, type InProcessNode } from '../support/in-process-node.js';

describe('route schemas', () => {
  let env: InProcessNode;

  beforeAll(async () => {
    env = await startInProcessNode({ startIso: '2026-11-27T19:00:00Z' });
  });
  afterAll(async () => {
    await env.stop();
  });

  it('all compile once the node has listened', async () => {
    await expect(env.node.schemasCompiled).resolves.toBeUndefined();
  });
});
