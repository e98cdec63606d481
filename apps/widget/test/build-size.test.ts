// The widget's build checks its sizes against the budgets: the loader ≤ 3 KiB and the framed
// app ≤ 30 KiB, gzipped. This reads the report of the last build (run before the tests by
// `npm test`), or builds first when there is none.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BUDGET_GZIP_BYTES, formatReport, overBudget, type SizeReport } from '../scripts/budget.js';

const WIDGET = fileURLToPath(new URL('..', import.meta.url));
const REPORT = fileURLToPath(new URL('../dist/size-report.json', import.meta.url));

function readReport(): SizeReport {
  if (!existsSync(REPORT)) execFileSync('npm', ['run', 'build', '--silent'], { cwd: WIDGET, stdio: 'inherit' });
  return JSON.parse(readFileSync(REPORT, 'utf8')) as SizeReport;
}

describe('widget size budgets', () => {
  it('keeps the loader and the app within their gzipped budgets', { timeout: 120_000 }, () => {
    const report = readReport();
    const size = (name: string) => report.bundles.find((b) => b.name === name)!;
    expect(size('loader').files).toEqual(['widget.js']);
    expect(size('loader').gzipBytes).toBeGreaterThan(500);
    expect(size('loader').gzipBytes).toBeLessThanOrEqual(BUDGET_GZIP_BYTES.loader);
    expect(size('app').gzipBytes).toBeGreaterThan(5_000);
    expect(size('app').gzipBytes).toBeLessThanOrEqual(BUDGET_GZIP_BYTES.app);
    expect(overBudget(report)).toEqual([]);
  });

  it('fails a build whose bundle is over budget, and says which', () => {
    const report: SizeReport = {
      builtAt: '2026-01-01T00:00:00.000Z',
      bundles: [
        { name: 'loader', files: ['widget.js'], bytes: 9_000, gzipBytes: 3_073, budgetGzipBytes: 3_072 },
        { name: 'app', files: ['widget/app.js'], bytes: 90_000, gzipBytes: 30_000, budgetGzipBytes: 30_720 },
      ],
    };
    expect(overBudget(report).map((b) => b.name)).toEqual(['loader']);
    expect(formatReport(report)).toMatch(/loader .*3,073 B gzip .*OVER/);
  });
});
