// The bot: try it, what it could not answer, its settings and thresholds, and its versions with
// rollback. The knowledge base has its own page.
import { useEffect, useState, type FormEvent } from 'react';
import { useI18n } from '../ui/context.js';
import type { BotSettings } from './admin-api.js';
import { useAdminApi } from './admin-context.js';
import { LoadError, OutcomeNote, Page, useAction, useLoad } from './admin-kit.js';
import { TryBot } from './try-bot.js';
import { UnansweredList } from './unanswered-list.js';

/** The decision thresholds an admin tunes here, with the engine's defaults (dialogue/decision.ts). */
const THRESHOLDS = [
  { key: 'answerThreshold', label: 'botAnswerThreshold', fallback: 0.3, step: 0.01, max: 1 },
  { key: 'clarifyThreshold', label: 'botClarifyThreshold', fallback: 0.1, step: 0.01, max: 1 },
  { key: 'ambiguityRatio', label: 'botAmbiguityRatio', fallback: 11, step: 0.5, max: 1000 },
  { key: 'ambiguityMargin', label: 'botAmbiguityMargin', fallback: 0, step: 0.01, max: 1 },
  { key: 'maxConsecutiveFallbacks', label: 'botMaxFallbacks', fallback: 2, step: 1, max: 20 },
] as const;

export function BotPage() {
  const { t } = useI18n();
  const [version, setVersion] = useState(0);
  const bump = () => setVersion((v) => v + 1);
  return (
    <Page id="bot" title={t('adminBot')}>
      <div className="admin-columns">
        <div>
          <TryBot />
          <UnansweredList onChanged={bump} />
        </div>
        <div>
          <BotSettingsForm key={`settings-${version}`} onChanged={bump} />
          <Versions key={`versions-${version}`} onChanged={bump} />
        </div>
      </div>
    </Page>
  );
}

function BotSettingsForm({ onChanged }: { onChanged: () => void }) {
  const { t } = useI18n();
  const api = useAdminApi();
  const config = useLoad(() => api.botConfig());
  const inboxes = useLoad(() => api.inboxes().then((r) => r.inboxes));
  const teams = useLoad(() => api.teams().then((r) => r.teams));
  const action = useAction();
  const [settings, setSettings] = useState<BotSettings | null>(null);
  const [decision, setDecision] = useState<Record<string, string>>({});
  useEffect(() => {
    if (!config.data) return;
    setSettings(config.data.settings);
    const d = config.data.decision;
    setDecision(Object.fromEntries(THRESHOLDS.map((th) => [th.key, String(d[th.key] ?? th.fallback)])));
  }, [config.data]);
  if (!settings) return <LoadError error={config.error} />;

  const allInboxes = settings.inboxIds === null;
  const toggleInbox = (id: string, on: boolean) => {
    const current = settings.inboxIds ?? (inboxes.data ?? []).map((i) => i.id);
    const next = on ? [...new Set([...current, id])] : current.filter((x) => x !== id);
    setSettings({ ...settings, inboxIds: next });
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const overrides = Object.fromEntries(THRESHOLDS.flatMap((th) => (decision[th.key]?.trim() ? [[th.key, Number(decision[th.key])]] : [])));
    const kept = config.data?.decision ?? {};
    void action.run(() => api.updateBot({ settings, decision: { ...kept, ...overrides }, note: 'settings' }), 'botNewVersion').then((ok) => ok && onChanged());
  };
  const text = (key: 'name' | 'fallbackText' | 'clarifyText' | 'handoffText', label: string, rows = 2) => (
    <label>
      {label}
      <textarea rows={rows} value={settings[key]} onChange={(e) => setSettings({ ...settings, [key]: e.target.value })} />
    </label>
  );

  return (
    <form className="admin-card admin-form" onSubmit={submit} aria-label={t('botSettings')}>
      <h2>{t('botSettings')}</h2>
      <label className="check">
        <input type="checkbox" name="enabled" checked={settings.enabled} onChange={(e) => setSettings({ ...settings, enabled: e.target.checked })} />
        {t('botEnabled')}
      </label>
      <fieldset className="members">
        <legend>{t('botInboxes')}</legend>
        <label className="check">
          <input type="checkbox" checked={allInboxes} onChange={(e) => setSettings({ ...settings, inboxIds: e.target.checked ? null : [] })} />
          {t('botAllInboxes')}
        </label>
        {!allInboxes &&
          (inboxes.data ?? []).map((i) => (
            <label key={i.id} className="check">
              <input type="checkbox" checked={settings.inboxIds?.includes(i.id) ?? false} onChange={(e) => toggleInbox(i.id, e.target.checked)} />
              {i.name}
            </label>
          ))}
      </fieldset>
      <label>
        {t('botHandoffTeam')}
        <select value={settings.handoffTeamId ?? ''} onChange={(e) => setSettings({ ...settings, handoffTeamId: e.target.value || null })}>
          <option value="">{t('botHandoffDefault')}</option>
          {(teams.data ?? []).map((tm) => (
            <option key={tm.id} value={tm.id}>
              {tm.name}
            </option>
          ))}
        </select>
      </label>
      {text('name', t('botName'), 1)}
      {text('fallbackText', t('botFallbackText'))}
      {text('clarifyText', t('botClarifyText'))}
      {text('handoffText', t('botHandoffText'))}
      <div className="form-grid">
        {THRESHOLDS.map((th) => (
          <label key={th.key}>
            {t(th.label)}
            <input type="number" min={0} max={th.max} step={th.step} value={decision[th.key] ?? ''} onChange={(e) => setDecision({ ...decision, [th.key]: e.target.value })} />
          </label>
        ))}
      </div>
      <div>
        <button className="btn btn-primary" type="submit" disabled={action.busy}>
          {action.busy ? t('adminTraining') : t('save')}
        </button>
      </div>
      <OutcomeNote outcome={action.outcome} />
    </form>
  );
}

function Versions({ onChanged }: { onChanged: () => void }) {
  const { t, lang } = useI18n();
  const api = useAdminApi();
  const versions = useLoad(() => api.versions().then((r) => r.versions));
  const action = useAction();
  return (
    <section className="admin-card" aria-label={t('botVersions')}>
      <h2>{t('botVersions')}</h2>
      <LoadError error={versions.error} />
      <OutcomeNote outcome={action.outcome} />
      <table className="admin-table">
        <tbody>
          {(versions.data ?? []).map((v) => (
            <tr key={v.version} data-version={v.version} className={v.active ? 'active' : undefined}>
              <td className="nowrap">v{v.version}</td>
              <td className="break">{v.note}</td>
              <td className="muted nowrap small">{new Date(v.createdAt).toLocaleString(lang)}</td>
              <td className="nowrap">
                {v.active ? (
                  <span className="tag tag-verified">{t('botActive')}</span>
                ) : (
                  <button
                    className="link"
                    disabled={action.busy}
                    onClick={() => {
                      if (confirm(t('botConfirmActivate', { version: v.version }))) void action.run(() => api.activate(v.version), 'botActivated').then((ok) => ok && onChanged());
                    }}
                  >
                    {t('botActivate')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
