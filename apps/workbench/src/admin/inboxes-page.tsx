// Inboxes: each site's chat, with its widget settings, allowed origins, identity rule and secret,
// default team, and the tag to embed it.
import { useState, type FormEvent } from 'react';
import { useI18n } from '../ui/context.js';
import type { AdminTeam, Inbox } from './admin-api.js';
import { useAdminApi } from './admin-context.js';
import { ChoiceField, LoadError, OutcomeNote, Page, useAction, useLoad } from './admin-kit.js';
import { EmbedSnippet } from './embed-snippet.js';

const LEAVE_MESSAGE = ['when_no_agent', 'when_closed', 'never'] as const;
const LEAVE_LABEL = { when_no_agent: 'adminLeaveWhenNoAgent', when_closed: 'adminLeaveWhenClosed', never: 'adminLeaveNever' } as const;

export function InboxesPage() {
  const { t } = useI18n();
  const api = useAdminApi();
  const inboxes = useLoad(() => api.inboxes().then((r) => r.inboxes));
  const teams = useLoad(() => api.teams().then((r) => r.teams));
  return (
    <Page id="inboxes" title={t('adminInboxes')}>
      <LoadError error={inboxes.error} />
      <NewInboxForm onCreated={inboxes.reload} />
      {(inboxes.data ?? []).map((inbox) => (
        <InboxCard key={`${inbox.id}`} inbox={inbox} teams={teams.data ?? []} onChanged={inboxes.reload} />
      ))}
    </Page>
  );
}

const str = (v: unknown, fallback = ''): string => (typeof v === 'string' ? v : fallback);
const lines = (text: string) => text.split(/[\s,]+/).map((s) => s.trim()).filter(Boolean);

function InboxCard({ inbox, teams, onChanged }: { inbox: Inbox; teams: AdminTeam[]; onChanged: () => void }) {
  const { t } = useI18n();
  const api = useAdminApi();
  const action = useAction();
  const s = inbox.settings;
  const [name, setName] = useState(inbox.name);
  const [greeting, setGreeting] = useState(str(s.greeting));
  const [color, setColor] = useState(str(s.color, '#2f6fed'));
  const [position, setPosition] = useState(str(s.position, 'right'));
  const [locale, setLocale] = useState(str(s.locale));
  const [leave, setLeave] = useState(str(s.leaveMessage, 'when_no_agent'));
  const [origins, setOrigins] = useState(Array.isArray(s.allowedOrigins) ? (s.allowedOrigins as unknown[]).filter((o) => typeof o === 'string').join('\n') : '');
  const [requireIdentity, setRequireIdentity] = useState(inbox.requireIdentity);
  const [team, setTeam] = useState(inbox.defaultTeamId ?? '');
  const [showSecret, setShowSecret] = useState(false);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    // The API replaces the settings whole: keep what this form does not edit (pre-chat form…).
    const settings: Record<string, unknown> = { ...s, greeting, color, position, leaveMessage: leave, allowedOrigins: lines(origins) };
    if (locale) settings.locale = locale;
    else delete settings.locale;
    if (!greeting.trim()) delete settings.greeting;
    void action.run(() => api.updateInbox(inbox.id, { name: name.trim(), requireIdentity, settings, defaultTeamId: team || null })).then((ok) => ok && onChanged());
  };

  return (
    <form className="admin-card admin-form" data-inbox={inbox.id} onSubmit={submit} aria-label={inbox.name}>
      <div className="card-title">
        <h2>{inbox.name}</h2>
        <code className="muted" data-widget-key={inbox.widgetKey}>
          {inbox.widgetKey}
        </code>
      </div>
      <EmbedSnippet widgetKey={inbox.widgetKey} />
      <div className="form-grid">
        <label>
          {t('name')}
          <input required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label>
          {t('adminColor')}
          <input type="color" value={/^#[0-9a-f]{6}$/i.test(color) ? color : '#2f6fed'} onChange={(e) => setColor(e.target.value)} />
        </label>
        <label>
          {t('adminPosition')}
          <select value={position} onChange={(e) => setPosition(e.target.value)}>
            <option value="right">{t('adminRight')}</option>
            <option value="left">{t('adminLeft')}</option>
          </select>
        </label>
        <label>
          {t('adminWidgetLanguage')}
          <select value={locale} onChange={(e) => setLocale(e.target.value)}>
            <option value="">{t('adminBrowserLanguage')}</option>
            <option value="en">English</option>
            <option value="zh-CN">简体中文</option>
          </select>
        </label>
        <ChoiceField label={t('adminLeaveMessage')} value={leave} choices={LEAVE_MESSAGE} labels={LEAVE_LABEL} onChange={setLeave} />
        <label>
          {t('adminDefaultTeam')}
          <select value={team} onChange={(e) => setTeam(e.target.value)}>
            <option value="">{t('adminPool')}</option>
            {teams.map((tm) => (
              <option key={tm.id} value={tm.id}>
                {tm.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      <label>
        {t('adminGreeting')}
        <textarea rows={2} value={greeting} onChange={(e) => setGreeting(e.target.value)} />
      </label>
      <label>
        {t('adminAllowedOrigins')}
        <textarea rows={2} value={origins} placeholder="https://shop.example" onChange={(e) => setOrigins(e.target.value)} />
        <span className="muted hint">{t('adminAllowedOriginsHint')}</span>
      </label>
      <label className="check">
        <input type="checkbox" checked={requireIdentity} onChange={(e) => setRequireIdentity(e.target.checked)} />
        {t('adminRequireIdentity')}
      </label>
      <div className="secret">
        <span>{t('adminIdentitySecret')}</span>
        <code className="break">{showSecret ? inbox.identitySecret : '••••••••••••••••'}</code>
        <button type="button" className="link" onClick={() => setShowSecret(!showSecret)}>
          {showSecret ? t('adminHide') : t('adminShow')}
        </button>
      </div>
      <p className="muted hint">{t('adminIdentityHint')}</p>
      <div>
        <button className="btn btn-primary" type="submit" disabled={action.busy}>
          {t('save')}
        </button>
      </div>
      <OutcomeNote outcome={action.outcome} />
    </form>
  );
}

function NewInboxForm({ onCreated }: { onCreated: () => void }) {
  const { t } = useI18n();
  const api = useAdminApi();
  const action = useAction();
  const [name, setName] = useState('');
  const [greeting, setGreeting] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const settings = greeting.trim() ? { greeting: greeting.trim() } : {};
    void action.run(() => api.createInbox({ name: name.trim(), requireIdentity: false, settings }), 'adminInboxCreated').then((ok) => {
      if (!ok) return;
      setName('');
      setGreeting('');
      onCreated();
    });
  };
  return (
    <form className="admin-card admin-form" onSubmit={submit} aria-label={t('adminNewInbox')}>
      <h2>{t('adminNewInbox')}</h2>
      <div className="form-row">
        <label>
          {t('name')}
          <input required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label className="grow">
          {t('adminGreeting')}
          <input value={greeting} onChange={(e) => setGreeting(e.target.value)} />
        </label>
        <button className="btn btn-primary" type="submit" disabled={action.busy}>
          {t('adminCreate')}
        </button>
      </div>
      <OutcomeNote outcome={action.outcome} />
    </form>
  );
}
