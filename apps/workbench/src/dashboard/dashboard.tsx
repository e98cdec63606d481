// The live dashboard: conversations by status, the queue and its longest wait, agents online, and
// first-response time, resolution time and satisfaction over the last hours, refreshed every few
// seconds while the page is visible.
import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../ui/context.js';
import type { Translate } from '../lib/i18n.js';
import type { Overview } from '../admin/admin-api.js';
import { useAdminApi } from '../admin/admin-context.js';
import { errorText, Page } from '../admin/admin-kit.js';
import { BarChart, HBars, LineChart } from './charts.js';

const REFRESH_MS = 5_000;
const WINDOWS = [24, 72, 168] as const;

/** "45 s", "3 min", "2.5 h": durations for tiles, where precision below a second helps nobody. */
export function duration(ms: number | null, t: Translate): string {
  if (ms === null) return '—';
  if (ms < 60_000) return t('dashSeconds', { n: Math.round(ms / 1000) });
  if (ms < 3_600_000) return t('dashMinutes', { n: Math.round(ms / 6_000) / 10 });
  return t('dashHours', { n: Math.round(ms / 360_000) / 10 });
}

export function Dashboard() {
  const { t, lang } = useI18n();
  const api = useAdminApi();
  const [hours, setHours] = useState<number>(24);
  const [data, setData] = useState<Overview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [updated, setUpdated] = useState<Date | null>(null);
  const inFlight = useRef(false);

  useEffect(() => {
    let live = true;
    const load = () => {
      if (inFlight.current || document.visibilityState === 'hidden') return;
      inFlight.current = true;
      api.overview(hours).then(
        (o) => {
          inFlight.current = false;
          if (!live) return;
          setData(o);
          setError(null);
          setUpdated(new Date());
        },
        (e: unknown) => {
          inFlight.current = false;
          if (live) setError(errorText(e));
        },
      );
    };
    load();
    const timer = setInterval(load, REFRESH_MS);
    document.addEventListener('visibilitychange', load);
    return () => {
      live = false;
      clearInterval(timer);
      document.removeEventListener('visibilitychange', load);
    };
  }, [api, hours]);

  const labels = (data?.series ?? []).map((b) => {
    const d = new Date(b.from);
    return hours <= 24 ? d.toLocaleTimeString(lang, { hour: '2-digit' }) : d.toLocaleDateString(lang, { month: 'numeric', day: 'numeric' });
  });
  const seconds = (ms: number) => (ms < 60_000 ? `${Math.round(ms / 1000)}s` : `${Math.round(ms / 60_000)}m`);

  return (
    <Page
      id="dashboard"
      title={t('dashTitle')}
      actions={
        <>
          {updated && (
            <span className="muted small" data-updated>
              {t('dashUpdated', { time: updated.toLocaleTimeString(lang) })}
            </span>
          )}
          <select className="select-compact" aria-label={t('dashWindow')} value={hours} onChange={(e) => setHours(Number(e.target.value))}>
            {WINDOWS.map((h) => (
              <option key={h} value={h}>
                {t('dashLastHours', { n: h })}
              </option>
            ))}
          </select>
        </>
      }
    >
      {error && (
        <p className="outcome outcome-error break" role="alert">
          {t('adminLoadFailed', { message: error })}
        </p>
      )}
      {data && (
        <>
          <div className="tiles">
            <Tile id="open" label={t('stateOpen')} value={data.active.open} />
            <Tile id="queued" label={t('dashQueue')} value={data.queue.length} sub={t('dashLongestWait', { time: duration(data.queue.longestWaitMs, t) })} warn={data.queue.length > 0} />
            <Tile id="bot" label={t('stateBot')} value={data.active.bot} />
            <Tile id="agents" label={t('dashAgentsOnline')} value={data.agents.online} sub={t('dashAgentsOf', { away: data.agents.away, total: data.agents.total })} />
            <Tile id="created" label={t('dashCreated')} value={data.created} sub={t('dashLastHours', { n: data.hours })} />
            <Tile id="first-response" label={t('dashFirstResponse')} value={duration(data.firstResponse.averageMs, t)} sub={t('dashMedianOf', { median: duration(data.firstResponse.medianMs, t), n: data.firstResponse.count })} />
            <Tile id="resolution" label={t('dashResolution')} value={duration(data.resolution.averageMs, t)} sub={t('dashMedianOf', { median: duration(data.resolution.medianMs, t), n: data.resolution.count })} />
            <Tile id="csat" label={t('dashCsat')} value={data.csat.average === null ? '—' : data.csat.average.toFixed(2)} sub={t('dashRatings', { n: data.csat.count })} />
          </div>
          {data.truncated && <p className="muted small">{t('dashTruncated')}</p>}
          <div className="charts">
            <figure className="admin-card">
              <figcaption>
                {t('dashChartConversations')} <span className="legend legend-a">{t('dashCreated')}</span> <span className="legend legend-b">{t('stateResolved')}</span>
              </figcaption>
              <BarChart
                title={t('dashChartConversations')}
                labels={labels}
                series={[
                  { name: t('dashCreated'), className: 'series-a', values: data.series.map((b) => b.created) },
                  { name: t('stateResolved'), className: 'series-b', values: data.series.map((b) => b.resolved) },
                ]}
              />
            </figure>
            <figure className="admin-card">
              <figcaption>{t('dashChartFirstResponse')}</figcaption>
              <LineChart title={t('dashChartFirstResponse')} labels={labels} format={seconds} series={[{ name: t('dashFirstResponse'), className: 'series-a', values: data.series.map((b) => b.firstResponseAvgMs) }]} />
            </figure>
            <figure className="admin-card">
              <figcaption>{t('dashChartCsat')}</figcaption>
              <HBars title={t('dashChartCsat')} rows={[5, 4, 3, 2, 1].map((n) => ({ label: '★'.repeat(n), value: data.csat.byRating[String(n)] ?? 0 }))} />
            </figure>
          </div>
        </>
      )}
    </Page>
  );
}

function Tile({ id, label, value, sub, warn }: { id: string; label: string; value: number | string; sub?: string; warn?: boolean }) {
  return (
    <div className={`tile${warn ? ' tile-warn' : ''}`} data-tile={id}>
      <div className="tile-label">{label}</div>
      <div className="tile-value" data-value={value}>
        {value}
      </div>
      {sub && <div className="tile-sub muted">{sub}</div>}
    </div>
  );
}
