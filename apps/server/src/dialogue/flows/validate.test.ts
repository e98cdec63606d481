import { describe, expect, it } from 'vitest';
import { validateFlows } from './validate.js';

const minimal = {
  id: 'order-status',
  version: 1,
  name: '订单查询',
  start: 'ask',
  steps: {
    ask: { type: 'ask', slot: 'orderId', prompt: '订单号？', next: 'done' },
    done: { type: 'end', text: '好的 {{slots.orderId}}' },
  },
};

describe('validateFlows', () => {
  it('accepts a minimal flow and fills in defaults', () => {
    const result = validateFlows([minimal]);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.flows[0]!.steps.ask).toMatchObject({ maxAttempts: 3 });
  });
});
