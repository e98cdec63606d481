// The tenant's routing settings: pool policy, default capacity, stickiness, the timers and the
// system's closing and offline messages, and the rules that send a contact to a team by an
// attribute. Durations are edited in minutes; empty turns a timer off.
import { useEffect, useState, type FormEvent } from 'react';
import { useI18n } from '../ui/context.js';
import type { AdminTeam, Policy, RoutingSettings, TeamRule } from './admin-api.js';
import { useAdminApi } from './admin-context.js';
import { ChoiceField, LoadError, minutesToMs, msToMinutes, OutcomeNote, useAction, useLoad } from './admin-kit.js';
import { POLICIES, POLICY_LABEL } from './policies.js';

interface Draft {
  poolPolicy: Policy;
  teamRules: TeamRule[];
  defaultCapacity: string;
  stickyDays: string;
  idleAwayMin: string;
  unansweredMin: string;
  unansweredMarksAway: boolean;
  offlineRequeueMin: string;
  autoResolveMin: string;
  closingMessage: string;
  offlineMessage: string;
}

const toDraft = (s: RoutingSettings): Draft => ({
  poolPolicy: s.poolPolicy,
  teamRules: s.teamRules ?? [],
  defaultCapacity: String(s.defaultCapacity),
  stickyDays: String(Math.round((s.stickyWindowMs / 86_400_000) * 100) / 100),
  idleAwayMin: msToMinutes(s.idleAwayMs),
  unansweredMin: msToMinutes(s.unansweredTimeoutMs),
  unansweredMarksAway: s.unansweredMarksAway,
  offlineRequeueMin: msToMinutes(s.offlineRequeueMs),
  autoResolveMin: msToMinutes(s.autoResolveMs),
  closingMessage: s.closingMessage,
  offlineMessage: s.offlineMessage,
});

const fromDraft = (d: Draft): Partial<RoutingSettings> => ({
  poolPolicy: d.poolPolicy,
  teamRules: d.teamRules.filter((r) => r.attribute.trim() && r.teamId).map((r) => ({ attribute: r.attribute.trim(), equals: r.equals.trim(), teamId: r.teamId })),
  defaultCapacity: Math.max(0, Math.round(Number(d.defaultCapacity) || 0)),
  stickyWindowMs: Math.max(0, Math.round(Number(d.stickyDays) * 86_400_000) || 0),
  idleAwayMs: minutesToMs(d.idleAwayMin) ?? 15 * 60_000,
  unansweredTimeoutMs: minutesToMs(d.unansweredMin),
  unansweredMarksAway: d.unansweredMarksAway,
  offlineRequeueMs: minutesToMs(d.offlineRequeueMin),
  autoResolveMs: minutesToMs(d.autoResolveMin),
  closingMessage: d.closingMessage,
  offlineMessage: d.offlineMessage,
});

export function RoutingSettingsForm({ teams }: { teams: AdminTeam[] }) {
  const { t } = useI18n();
  const api = useAdminApi();
  const loaded = useLoad(() => api.routing());
  const action = useAction();
  const [draft, setDraft] = useState<Draft | null>(null);
  useEffect(() => {
    if (loaded.data) setDraft(toDraft(loaded.data));
  }, [loaded.data]);
  if (!draft) return <LoadError error={loaded.error} />;

  const field = (key: keyof Draft, label: string, hint?: string) => (
    <label>
      {label}
      <input type="number" min={0} step="any" value={draft[key] as string} onChange={(e) => setDraft({ ...draft, [key]: e.target.value })} />
      {hint && <span className="muted hint">{hint}</span>}
    </label>
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void action.run(() => api.updateRouting(fromDraft(draft))).then((ok) => ok && loaded.reload());
  };

  return (
    <form className="admin-card admin-form" onSubmit={submit} aria-label={t('adminRoutingSettings')}>
      <h2>{t('adminRoutingSettings')}</h2>
      <div className="form-grid">
        <ChoiceField label={t('adminPoolPolicy')} value={draft.poolPolicy} choices={POLICIES} labels={POLICY_LABEL} onChange={(poolPolicy) => setDraft({ ...draft, poolPolicy })} />
        {field('defaultCapacity', t('adminDefaultCapacity'))}
        {field('stickyDays', t('adminStickyDays'), t('adminZeroOff'))}
        {field('idleAwayMin', t('adminIdleAwayMin'))}
        {field('unansweredMin', t('adminUnansweredMin'), t('adminEmptyOff'))}
        {field('offlineRequeueMin', t('adminOfflineRequeueMin'), t('adminEmptyOff'))}
        {field('autoResolveMin', t('adminAutoResolveMin'), t('adminEmptyOff'))}
        <label className="check">
          <input type="checkbox" checked={draft.unansweredMarksAway} onChange={(e) => setDraft({ ...draft, unansweredMarksAway: e.target.checked })} />
          {t('adminUnansweredMarksAway')}
        </label>
      </div>
      <TeamRules rules={draft.teamRules} teams={teams} onChange={(teamRules) => setDraft({ ...draft, teamRules })} />
      <label>
        {t('adminClosingMessage')}
        <textarea rows={2} maxLength={2000} value={draft.closingMessage} onChange={(e) => setDraft({ ...draft, closingMessage: e.target.value })} />
      </label>
      <label>
        {t('adminOfflineMessage')}
        <textarea rows={2} maxLength={2000} value={draft.offlineMessage} onChange={(e) => setDraft({ ...draft, offlineMessage: e.target.value })} />
      </label>
      <div>
        <button className="btn btn-primary" type="submit" disabled={action.busy}>
          {t('save')}
        </button>
      </div>
      <OutcomeNote outcome={action.outcome} />
    </form>
  );
}

/** Which team a new conversation goes to by the contact's attributes; the first rule that matches wins. */
function TeamRules({ rules, teams, onChange }: { rules: TeamRule[]; teams: AdminTeam[]; onChange: (rules: TeamRule[]) => void }) {
  const { t } = useI18n();
  const set = (i: number, patch: Partial<TeamRule>) => onChange(rules.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <fieldset className="hours">
      <legend>{t('adminTeamRules')}</legend>
      <span className="muted hint">{t('adminTeamRulesHint')}</span>
      {rules.length > 0 && (
        <table className="hours-table">
          <tbody>
            {rules.map((r, i) => (
              <tr key={i} data-rule={i}>
                <td>
                  <input aria-label={t('adminRuleAttribute')} placeholder="department" maxLength={100} value={r.attribute} onChange={(e) => set(i, { attribute: e.target.value })} />
                </td>
                <td>=</td>
                <td>
                  <input aria-label={t('adminRuleEquals')} placeholder="billing" maxLength={200} value={r.equals} onChange={(e) => set(i, { equals: e.target.value })} />
                </td>
                <td>→</td>
                <td>
                  <select aria-label={t('adminRuleTeam')} value={r.teamId} onChange={(e) => set(i, { teamId: e.target.value })}>
                    <option value="">—</option>
                    {teams.map((tm) => (
                      <option key={tm.id} value={tm.id}>
                        {tm.name}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  <button type="button" className="link" onClick={() => onChange(rules.filter((_, j) => j !== i))}>
                    {t('adminRemove')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <button type="button" className="link" onClick={() => onChange([...rules, { attribute: '', equals: '', teamId: teams[0]?.id ?? '' }])}>
        + {t('adminAddRule')}
      </button>
    </fieldset>
  );
}
