import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CloseCode, ERROR_CODES } from './index.js';

const errorsDoc = readFileSync(new URL('../../../docs/errors.md', import.meta.url), 'utf8');

describe('docs/errors.md', () => {
  it('lists every protocol error code', () => {
    expect(ERROR_CODES.filter((code) => !errorsDoc.includes(`\`${code}\``))).toEqual([]);
  });

  it('lists every close code', () => {
    expect(Object.values(CloseCode).filter((code) => !errorsDoc.includes(String(code)))).toEqual([]);
  });
});
