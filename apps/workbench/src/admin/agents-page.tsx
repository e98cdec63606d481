// Agents: who works here, with role and capacity; new agents and admins. The API has no way to
// deactivate an agent yet, so the page offers none.
import { useEffect, useState, type FormEvent } from 'react';
import type { AgentAvailability } from '../state/api.js';
import { useI18n, useWorkbenchStatic } from '../ui/context.js';
import type { AdminAgent, Role } from './admin-api.js';
import { useAdminApi } from './admin-context.js';
import { LoadError, OutcomeNote, Page, useAction, useLoad } from './admin-kit.js';

/** Availability changes with connections and activity: read again this often. */
const AVAILABILITY_REFRESH_MS = 10_000;
const AVAILABILITY = { online: 'statusOnline', away: 'statusAway', offline: 'statusOffline' } as const;

export function AgentsPage() {
  const { t } = useI18n();
  const api = useAdminApi();
  const agents = useLoad(() => api.agents().then((r) => r.agents));
  const routing = useLoad(() => api.routing());
  const action = useAction();
  const wb = useWorkbenchStatic();
  const availability = useLoad(() => wb.api.agents().then((r) => r.agents));
  useEffect(() => {
    const timer = setInterval(availability.reload, AVAILABILITY_REFRESH_MS);
    return () => clearInterval(timer);
  }, [availability.reload]);
  const live = new Map((availability.data ?? []).map((a) => [a.id, a]));

  return (
    <Page id="agents" title={t('adminAgents')}>
      <LoadError error={agents.error} />
      <NewAgentForm onCreated={agents.reload} />
      <OutcomeNote outcome={action.outcome} />
      <table className="admin-table" aria-label={t('adminAgents')}>
        <thead>
          <tr>
            <th>{t('name')}</th>
            <th>{t('email')}</th>
            <th>{t('adminRole')}</th>
            <th>{t('adminCapacity')}</th>
            <th>{t('adminNow')}</th>
          </tr>
        </thead>
        <tbody>
          {(agents.data ?? []).map((a) => (
            <AgentRow key={a.id} agent={a} live={live.get(a.id)} defaultCapacity={routing.data?.defaultCapacity ?? null} run={action.run} onChanged={agents.reload} />
          ))}
        </tbody>
      </table>
    </Page>
  );
}

interface RowProps {
  agent: AdminAgent;
  /** Availability and load, as the workbench keeps them live. */
  live: AgentAvailability | undefined;
  defaultCapacity: number | null;
  run: ReturnType<typeof useAction>['run'];
  onChanged: () => void;
}

function AgentRow({ agent, live, defaultCapacity, run, onChanged }: RowProps) {
  const { t } = useI18n();
  const api = useAdminApi();
  const [capacity, setCapacity] = useState(agent.capacity == null ? '' : String(agent.capacity));
  const saveCapacity = () => {
    const value = capacity.trim() === '' ? null : Number(capacity);
    if (value === (agent.capacity ?? null) || (value !== null && !Number.isInteger(value))) return;
    void run(() => api.updateAgent(agent.id, { capacity: value })).then(onChanged);
  };
  return (
    <tr data-agent={agent.id}>
      <td>{agent.name}</td>
      <td className="muted">{agent.email}</td>
      <td>
        <select
          className="select-compact"
          aria-label={t('adminRoleOf', { name: agent.name })}
          value={agent.role}
          onChange={(e) => void run(() => api.updateAgent(agent.id, { role: e.target.value as Role })).then(onChanged)}
        >
          <option value="agent">{t('adminRoleAgent')}</option>
          <option value="admin">{t('adminRoleAdmin')}</option>
        </select>
      </td>
      <td>
        <input
          className="input-compact"
          type="number"
          min={0}
          max={1000}
          aria-label={t('adminCapacityOf', { name: agent.name })}
          placeholder={defaultCapacity === null ? '' : t('adminDefaultN', { n: defaultCapacity })}
          value={capacity}
          onChange={(e) => setCapacity(e.target.value)}
          onBlur={saveCapacity}
          onKeyDown={(e) => e.key === 'Enter' && saveCapacity()}
        />
      </td>
      <td className="nowrap" data-availability={live?.availability ?? ''}>
        {live && (
          <>
            <span className={`state availability-${live.availability}`}>{t(AVAILABILITY[live.availability])}</span>{' '}
            <span className="muted small">{t('adminLoad', { open: live.open, capacity: live.capacity })}</span>
          </>
        )}
      </td>
    </tr>
  );
}

function NewAgentForm({ onCreated }: { onCreated: () => void }) {
  const { t } = useI18n();
  const api = useAdminApi();
  const action = useAction();
  const [form, setForm] = useState({ email: '', name: '', password: '', role: 'agent' as Role });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void action.run(() => api.createAgent({ ...form, email: form.email.trim(), name: form.name.trim() }), 'adminAgentCreated').then((ok) => {
      if (!ok) return;
      setForm({ email: '', name: '', password: '', role: 'agent' });
      onCreated();
    });
  };
  return (
    <form className="admin-card admin-form" onSubmit={submit} aria-label={t('adminNewAgent')}>
      <h2>{t('adminNewAgent')}</h2>
      <div className="form-row">
        <label>
          {t('email')}
          <input type="email" required value={form.email} onChange={(e) => setForm({ ...form, email: e.target.value })} />
        </label>
        <label>
          {t('name')}
          <input required maxLength={200} value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
        </label>
        <label>
          {t('password')}
          <input type="password" required minLength={8} autoComplete="new-password" value={form.password} onChange={(e) => setForm({ ...form, password: e.target.value })} />
        </label>
        <label>
          {t('adminRole')}
          <select value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as Role })}>
            <option value="agent">{t('adminRoleAgent')}</option>
            <option value="admin">{t('adminRoleAdmin')}</option>
          </select>
        </label>
        <button className="btn btn-primary" type="submit" disabled={action.busy}>
          {t('adminCreate')}
        </button>
      </div>
      <p className="muted hint">{t('adminPasswordHint')}</p>
      <OutcomeNote outcome={action.outcome} />
    </form>
  );
}
