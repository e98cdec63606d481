// Small hand-made SVG charts for the dashboard: paired bars per hour, a line with gaps, and
// horizontal bars. They scale to their box; numbers are in each element's title for hover.

const W = 480;
const H = 120;
const PAD = { top: 8, right: 6, bottom: 18, left: 28 };

interface Series {
  name: string;
  className: string;
  values: ReadonlyArray<number | null>;
}

function niceMax(values: number[]): number {
  const max = Math.max(1, ...values);
  const magnitude = 10 ** Math.floor(Math.log10(max));
  return [1, 2, 5, 10].map((m) => m * magnitude).find((v) => v >= max) ?? max;
}

function Axis({ max, labels, format }: { max: number; labels: readonly string[]; format: (v: number) => string }) {
  const innerH = H - PAD.top - PAD.bottom;
  const step = (W - PAD.left - PAD.right) / Math.max(1, labels.length);
  const every = Math.ceil(labels.length / 8);
  return (
    <g className="axis">
      {[0, 0.5, 1].map((f) => (
        <g key={f}>
          <line x1={PAD.left} x2={W - PAD.right} y1={PAD.top + innerH * (1 - f)} y2={PAD.top + innerH * (1 - f)} className="grid" />
          <text x={PAD.left - 4} y={PAD.top + innerH * (1 - f) + 3} textAnchor="end">
            {format(max * f)}
          </text>
        </g>
      ))}
      {labels.map((l, i) =>
        i % every === 0 ? (
          <text key={i} x={PAD.left + step * (i + 0.5)} y={H - 4} textAnchor="middle">
            {l}
          </text>
        ) : null,
      )}
    </g>
  );
}

/** Bars side by side per slot (e.g. created and resolved per hour). */
export function BarChart({ series, labels, title }: { series: readonly Series[]; labels: readonly string[]; title: string }) {
  const max = niceMax(series.flatMap((s) => s.values.map((v) => v ?? 0)));
  const innerH = H - PAD.top - PAD.bottom;
  const step = (W - PAD.left - PAD.right) / Math.max(1, labels.length);
  const barW = Math.max(1, (step * 0.8) / series.length);
  return (
    <svg className="chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={title}>
      <Axis max={max} labels={labels} format={(v) => String(Math.round(v))} />
      {series.map((s, si) =>
        s.values.map((v, i) => {
          const h = ((v ?? 0) / max) * innerH;
          return (
            <rect key={`${si}-${i}`} className={s.className} x={PAD.left + step * i + step * 0.1 + barW * si} y={PAD.top + innerH - h} width={barW} height={h}>
              <title>{`${labels[i]} ${s.name}: ${v ?? 0}`}</title>
            </rect>
          );
        }),
      )}
    </svg>
  );
}

/** A line per series; a null value breaks the line (no data in that slot). */
export function LineChart({ series, labels, title, format }: { series: readonly Series[]; labels: readonly string[]; title: string; format: (v: number) => string }) {
  const max = niceMax(series.flatMap((s) => s.values.filter((v): v is number => v !== null)));
  const innerH = H - PAD.top - PAD.bottom;
  const step = (W - PAD.left - PAD.right) / Math.max(1, labels.length);
  const x = (i: number) => PAD.left + step * (i + 0.5);
  const y = (v: number) => PAD.top + innerH - (v / max) * innerH;
  return (
    <svg className="chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={title}>
      <Axis max={max} labels={labels} format={format} />
      {series.map((s) => {
        const runs: string[] = [];
        let current = '';
        s.values.forEach((v, i) => {
          if (v === null) {
            if (current) runs.push(current);
            current = '';
          } else current += `${current ? 'L' : 'M'}${x(i).toFixed(1)},${y(v).toFixed(1)}`;
        });
        if (current) runs.push(current);
        return (
          <g key={s.name} className={s.className}>
            {runs.map((d, i) => (
              <path key={i} d={d} fill="none" />
            ))}
            {s.values.map((v, i) =>
              v === null ? null : (
                <circle key={i} cx={x(i)} cy={y(v)} r={2.5}>
                  <title>{`${labels[i]} ${s.name}: ${format(v)}`}</title>
                </circle>
              ),
            )}
          </g>
        );
      })}
    </svg>
  );
}

/** Horizontal bars with their counts, e.g. ratings 5 to 1. */
export function HBars({ rows, title }: { rows: ReadonlyArray<{ label: string; value: number }>; title: string }) {
  const max = Math.max(1, ...rows.map((r) => r.value));
  return (
    <ul className="hbars" aria-label={title}>
      {rows.map((r) => (
        <li key={r.label}>
          <span className="hbar-label">{r.label}</span>
          <span className="hbar-track">
            <span className="hbar-fill" style={{ width: `${(r.value / max) * 100}%` }} />
          </span>
          <span className="hbar-value">{r.value}</span>
        </li>
      ))}
    </ul>
  );
}
