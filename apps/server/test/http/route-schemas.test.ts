// Route schemas are compiled on first use and in the node's idle moments; this checks that every
// route the server declares has schemas that compile, as a start used to.
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

  it('all compile', async () => {
    await expect(env.node.schemas.compileRemaining()).resolves.toBeUndefined();
    expect(env.node.schemas.pendingCount).toBe(0);
  });
});
