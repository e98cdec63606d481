// A small SVG writer for the report's charts: lines (linear or log y) and bars, no dependencies.

export interface Series {
  name: string;
  points: Array<[number, number]>;
  color?: string;
  dashed?: boolean;
}

export interface Guide {
  y: number;
  label: string;
}

export interface LineChartSpec {
  kind: 'line';
  /** File name under the charts directory, e.g. `b4-send-to-sent.svg`. */
  file: string;
  title: string;
  xLabel: string;
  yLabel: string;
  yLog?: boolean;
  series: Series[];
  guides?: Guide[];
}

export interface BarChartSpec {
  kind: 'bar';
  file: string;
  title: string;
  yLabel: string;
  bars: Array<{ label: string; value: number; color?: string }>;
  guides?: Guide[];
}

export type ChartSpec = LineChartSpec | BarChartSpec;

export const PALETTE = ['#1f6feb', '#d1242f', '#1a7f37', '#bf8700', '#8250df', '#57606a', '#e16f24', '#0a3069'];

const W = 760;
const H = 420;
const M = { left: 72, right: 190, top: 44, bottom: 56 };
const PLOT_W = W - M.left - M.right;
const PLOT_H = H - M.top - M.bottom;

export function renderChart(spec: ChartSpec): string {
  return spec.kind === 'line' ? lineChart(spec) : barChart(spec);
}

function lineChart(spec: LineChartSpec): string {
  const xs = spec.series.flatMap((s) => s.points.map((p) => p[0]));
  const ys = [...spec.series.flatMap((s) => s.points.map((p) => p[1])), ...(spec.guides ?? []).map((g) => g.y)];
  const xScale = linearScale(Math.min(0, ...xs), Math.max(1, ...xs));
  const yScale = spec.yLog ? logScale(Math.min(...ys.filter((y) => y > 0), 1), Math.max(...ys, 1)) : linearScale(0, Math.max(1, ...ys));
  const out = frame(spec.title, spec.xLabel, spec.yLabel);
  out.push(...grid(xScale, yScale));
  for (const guide of spec.guides ?? []) out.push(...guideLine(yScale, guide));
  spec.series.forEach((series, i) => {
    const color = series.color ?? PALETTE[i % PALETTE.length]!;
    const pts = series.points.filter((p) => !spec.yLog || p[1] > 0).map(([x, y]) => [M.left + xScale.at(x) * PLOT_W, M.top + (1 - yScale.at(y)) * PLOT_H] as const);
    const dash = series.dashed ? ' stroke-dasharray="6 4"' : '';
    if (pts.length > 1) out.push(`<polyline fill="none" stroke="${color}" stroke-width="2"${dash} points="${pts.map(([x, y]) => `${f(x)},${f(y)}`).join(' ')}"/>`);
    for (const [x, y] of pts) out.push(`<circle cx="${f(x)}" cy="${f(y)}" r="3" fill="${color}"/>`);
    out.push(legendItem(i, series.name, color, series.dashed ?? false));
  });
  out.push('</svg>');
  return out.join('\n');
}

function barChart(spec: BarChartSpec): string {
  const values = [...spec.bars.map((b) => b.value), ...(spec.guides ?? []).map((g) => g.y)];
  const yScale = linearScale(0, Math.max(1, ...values));
  const out = frame(spec.title, '', spec.yLabel);
  out.push(...grid(null, yScale));
  const slot = PLOT_W / Math.max(1, spec.bars.length);
  spec.bars.forEach((bar, i) => {
    const color = bar.color ?? PALETTE[i % PALETTE.length]!;
    const h = yScale.at(bar.value) * PLOT_H;
    const x = M.left + i * slot + slot * 0.2;
    const y = M.top + PLOT_H - h;
    out.push(`<rect x="${f(x)}" y="${f(y)}" width="${f(slot * 0.6)}" height="${f(h)}" fill="${color}"/>`);
    out.push(`<text x="${f(x + slot * 0.3)}" y="${f(y - 6)}" text-anchor="middle" font-size="12">${esc(formatTick(bar.value))}</text>`);
    out.push(`<text x="${f(x + slot * 0.3)}" y="${f(M.top + PLOT_H + 18)}" text-anchor="middle" font-size="12">${esc(bar.label)}</text>`);
  });
  // Drawn over the bars, labelled in the margin where no bar hides it.
  for (const guide of spec.guides ?? []) out.push(...guideLine(yScale, guide, true));
  out.push('</svg>');
  return out.join('\n');
}

interface Scale {
  /** Position of a value, 0..1 along the axis. */
  at(value: number): number;
  ticks: number[];
}

function linearScale(min: number, max: number): Scale {
  const step = niceStep((max - min) / 5);
  const lo = Math.floor(min / step) * step;
  const hi = Math.ceil(max / step) * step;
  const ticks: number[] = [];
  for (let v = lo; v <= hi + step / 2; v += step) ticks.push(Number(v.toPrecision(12)));
  return { at: (v) => (hi === lo ? 0 : (v - lo) / (hi - lo)), ticks };
}

function logScale(min: number, max: number): Scale {
  const lo = Math.floor(Math.log10(min));
  const hi = Math.max(lo + 1, Math.ceil(Math.log10(max)));
  const ticks: number[] = [];
  for (let e = lo; e <= hi; e++) for (const m of [1, 2, 5]) if (e < hi || m === 1) ticks.push(m * 10 ** e);
  return { at: (v) => (Math.log10(v) - lo) / (hi - lo), ticks };
}

function niceStep(raw: number): number {
  const mag = 10 ** Math.floor(Math.log10(raw || 1));
  const norm = raw / mag;
  return (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 2.5 ? 2.5 : norm <= 5 ? 5 : 10) * mag;
}

function frame(title: string, xLabel: string, yLabel: string): string[] {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="Helvetica, Arial, sans-serif">`,
    `<rect width="${W}" height="${H}" fill="#ffffff"/>`,
    `<text x="${M.left}" y="24" font-size="15" font-weight="bold">${esc(title)}</text>`,
    `<text x="${M.left + PLOT_W / 2}" y="${H - 14}" text-anchor="middle" font-size="12">${esc(xLabel)}</text>`,
    `<text transform="translate(16 ${M.top + PLOT_H / 2}) rotate(-90)" text-anchor="middle" font-size="12">${esc(yLabel)}</text>`,
    `<rect x="${M.left}" y="${M.top}" width="${PLOT_W}" height="${PLOT_H}" fill="none" stroke="#8c959f"/>`,
  ];
}

function grid(x: Scale | null, y: Scale): string[] {
  const out: string[] = [];
  for (const t of y.ticks) {
    const py = M.top + (1 - y.at(t)) * PLOT_H;
    if (py < M.top - 0.5 || py > M.top + PLOT_H + 0.5) continue;
    out.push(`<line x1="${M.left}" x2="${M.left + PLOT_W}" y1="${f(py)}" y2="${f(py)}" stroke="#eaeef2"/>`);
    out.push(`<text x="${M.left - 6}" y="${f(py + 4)}" text-anchor="end" font-size="11">${esc(formatTick(t))}</text>`);
  }
  for (const t of x?.ticks ?? []) {
    const px = M.left + x!.at(t) * PLOT_W;
    if (px < M.left - 0.5 || px > M.left + PLOT_W + 0.5) continue;
    out.push(`<line x1="${f(px)}" x2="${f(px)}" y1="${M.top}" y2="${M.top + PLOT_H}" stroke="#eaeef2"/>`);
    out.push(`<text x="${f(px)}" y="${M.top + PLOT_H + 16}" text-anchor="middle" font-size="11">${esc(formatTick(t))}</text>`);
  }
  return out;
}

function guideLine(y: Scale, guide: Guide, labelInMargin = false): string[] {
  const py = M.top + (1 - y.at(guide.y)) * PLOT_H;
  const label = labelInMargin
    ? `<text x="${M.left + PLOT_W + 6}" y="${f(py + 4)}" font-size="11" fill="#57606a">${esc(guide.label)}</text>`
    : `<text x="${M.left + PLOT_W - 4}" y="${f(py - 4)}" text-anchor="end" font-size="11" fill="#57606a">${esc(guide.label)}</text>`;
  return [`<line x1="${M.left}" x2="${M.left + PLOT_W}" y1="${f(py)}" y2="${f(py)}" stroke="#57606a" stroke-dasharray="3 3"/>`, label];
}

function legendItem(i: number, name: string, color: string, dashed: boolean): string {
  const x = M.left + PLOT_W + 14;
  const y = M.top + 8 + i * 18;
  const dash = dashed ? ' stroke-dasharray="6 4"' : '';
  return `<line x1="${x}" x2="${x + 24}" y1="${y}" y2="${y}" stroke="${color}" stroke-width="2"${dash}/><text x="${x + 30}" y="${y + 4}" font-size="12">${esc(name)}</text>`;
}

function formatTick(v: number): string {
  if (v >= 1000) return `${Number((v / 1000).toPrecision(3))}k`;
  if (v >= 1) return String(Number(v.toPrecision(3)));
  return String(Number(v.toPrecision(2)));
}

const f = (n: number): string => n.toFixed(1);

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
