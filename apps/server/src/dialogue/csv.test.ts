import { describe, expect, it } from 'vitest';
import { formatCsv, parseCsv } from './csv.js';

describe('csv', () => {
  it('reads quoted commas, doubled quotes and newlines inside a field', () => {
    expect(parseCsv('a,b\r\n"x, y","say ""hi""\nagain"\n')).toEqual([['a', 'b'], ['x, y', 'say "hi"\nagain']]);
  });

  it('round-trips what it writes', () => {
    const rows = [['id', 'text'], ['1', 'line one\nline two'], ['2', 'comma, "quote"']];
    expect(parseCsv(formatCsv(rows))).toEqual(rows);
  });
});
