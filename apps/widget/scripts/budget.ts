// Size budgets of the widget (gzipped bytes, as a browser downloads it) and the report the build writes.

export const BUDGET_GZIP_BYTES = Object.freeze({
  /** widget.js, which every page of a customer's site loads: 3 KiB. */
  loader: 3 * 1024,
  /** The framed chat app: its script, style and page, loaded by the iframe: 30 KiB. */
  app: 30 * 1024,
});

export type BundleName = keyof typeof BUDGET_GZIP_BYTES;

export interface BundleSize {
  name: BundleName;
  files: string[];
  bytes: number;
  gzipBytes: number;
  budgetGzipBytes: number;
}

export interface SizeReport {
  builtAt: string;
  bundles: BundleSize[];
}

/** The bundles over budget; empty when the build may pass. */
export function overBudget(report: SizeReport): BundleSize[] {
  return report.bundles.filter((b) => b.gzipBytes > b.budgetGzipBytes);
}

export function formatReport(report: SizeReport): string {
  const n = (v: number) => v.toLocaleString('en-US').padStart(8);
  const lines = report.bundles.map(
    (b) => `  ${b.name.padEnd(7)}${n(b.bytes)} B ${n(b.gzipBytes)} B gzip  (budget ${n(b.budgetGzipBytes)} B)  ${b.gzipBytes > b.budgetGzipBytes ? 'OVER' : 'ok'}   ${b.files.join(' + ')}`,
  );
  return ['widget sizes:', ...lines].join('\n');
}
