// Teams and routing: each team's policy, members and business hours, and the tenant's routing
// settings (capacity, stickiness, timers, closing and offline messages).
import { useEffect, useState, type FormEvent } from 'react';
import { useI18n } from '../ui/context.js';
import type { AdminAgent, AdminTeam, Policy } from './admin-api.js';
import { useAdminApi } from './admin-context.js';
import { ChoiceField, LoadError, OutcomeNote, Page, useAction, useLoad } from './admin-kit.js';
import { BusinessHoursEditor } from './business-hours-editor.js';
import { POLICIES, POLICY_LABEL } from './policies.js';
import { RoutingSettingsForm } from './routing-settings-form.js';

export function TeamsPage() {
  const { t } = useI18n();
  const api = useAdminApi();
  const teams = useLoad(() => api.teams().then((r) => r.teams));
  const agents = useLoad(() => api.agents().then((r) => r.agents));

  return (
    <Page id="teams" title={t('adminTeams')}>
      <LoadError error={teams.error ?? agents.error} />
      <NewTeamForm onCreated={teams.reload} />
      {(teams.data ?? []).map((team) => (
        <TeamCard key={team.id} team={team} agents={agents.data ?? []} onChanged={teams.reload} />
      ))}
      <RoutingSettingsForm teams={teams.data ?? []} />
    </Page>
  );
}

function TeamCard({ team, agents, onChanged }: { team: AdminTeam; agents: AdminAgent[]; onChanged: () => void }) {
  const { t } = useI18n();
  const api = useAdminApi();
  const action = useAction();
  // Shown at once, then as the server has it (a refused change comes back unticked).
  const [members, setMembers] = useState(() => new Set(team.members));
  useEffect(() => setMembers(new Set(team.members)), [team.members]);
  const toggle = (agentId: string, on: boolean) => {
    const next = new Set(members);
    if (on) next.add(agentId);
    else next.delete(agentId);
    setMembers(next);
    void action.run(() => api.setMember(team.id, agentId, on)).then(onChanged);
  };
  return (
    <section className="admin-card admin-form" data-team={team.id} aria-label={team.name}>
      <div className="card-title">
        <h2>{team.name}</h2>
        <ChoiceField
          className="inline"
          label={t('adminPolicy')}
          value={team.policy}
          choices={POLICIES}
          labels={POLICY_LABEL}
          onChange={(policy) => void action.run(() => api.updateTeam(team.id, { policy })).then(onChanged)}
        />
      </div>
      <fieldset className="members">
        <legend>{t('adminMembers')}</legend>
        {agents.map((a) => (
          <label key={a.id} className="check">
            <input
              type="checkbox"
              checked={members.has(a.id)}
              onChange={(e) => toggle(a.id, e.target.checked)}
            />
            {a.name}
          </label>
        ))}
      </fieldset>
      <BusinessHoursEditor value={team.businessHours} busy={action.busy} onSave={(hours) => void action.run(() => api.updateTeam(team.id, { businessHours: hours })).then(onChanged)} />
      <OutcomeNote outcome={action.outcome} />
    </section>
  );
}

function NewTeamForm({ onCreated }: { onCreated: () => void }) {
  const { t } = useI18n();
  const api = useAdminApi();
  const action = useAction();
  const [name, setName] = useState('');
  const [policy, setPolicy] = useState<Policy>('least_busy');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void action.run(() => api.createTeam({ name: name.trim(), policy, memberIds: [] }), 'adminTeamCreated').then((ok) => {
      if (!ok) return;
      setName('');
      onCreated();
    });
  };
  return (
    <form className="admin-card admin-form" onSubmit={submit} aria-label={t('adminNewTeam')}>
      <h2>{t('adminNewTeam')}</h2>
      <div className="form-row">
        <label>
          {t('name')}
          <input required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <ChoiceField label={t('adminPolicy')} value={policy} choices={POLICIES} labels={POLICY_LABEL} onChange={setPolicy} />
        <button className="btn btn-primary" type="submit" disabled={action.busy}>
          {t('adminCreate')}
        </button>
      </div>
      <OutcomeNote outcome={action.outcome} />
    </form>
  );
}
