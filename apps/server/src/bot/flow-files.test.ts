import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { validateFlows } from '../dialogue/flows/validate.js';
import { loadFlowFiles } from './flow-files.js';

const DEMO = fileURLToPath(new URL('../../demo/flows', import.meta.url));

describe('loadFlowFiles', () => {
  it('reads the demo flows, and they validate', async () => {
    const raw = await loadFlowFiles(DEMO);
    const result = validateFlows(raw);
    expect(result.ok ? [] : result.issues).toEqual([]);
    if (!result.ok) return;
    expect(result.flows.map((f) => [f.id, f.trigger.entries])).toEqual([
      ['order-status', ['order-status']],
      ['refund-request', ['refund-request']],
    ]);
  });

  it('reads YAML, YML and JSON files in name order, a file holding one flow or a list, and skips others', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kefu-flows-'));
    writeFileSync(path.join(dir, 'b.yml'), '- id: b1\n- id: b2\n');
    writeFileSync(path.join(dir, 'a.json'), JSON.stringify({ id: 'a' }));
    writeFileSync(path.join(dir, 'c.yaml'), 'id: c\nname: 中文\n');
    writeFileSync(path.join(dir, 'notes.txt'), 'not a flow');
    expect(await loadFlowFiles(dir)).toEqual([{ id: 'a' }, { id: 'b1' }, { id: 'b2' }, { id: 'c', name: '中文' }]);
  });

  it('names the file that does not parse', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kefu-flows-'));
    writeFileSync(path.join(dir, 'broken.yaml'), 'id: x\nid: y\n');
    await expect(loadFlowFiles(dir)).rejects.toThrow(/^broken\.yaml: .*unique/i);
    writeFileSync(path.join(dir, 'broken.yaml'), 'id: x\n');
    writeFileSync(path.join(dir, 'bad.json'), '{"id": ');
    await expect(loadFlowFiles(dir)).rejects.toThrow(/^bad\.json: /);
  });
});
