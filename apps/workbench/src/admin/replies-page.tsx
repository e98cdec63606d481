// Shared canned responses (typed after "/" in the composer) and the tenant's labels.
import { useState, type FormEvent } from 'react';
import { useI18n } from '../ui/context.js';
import type { Canned, LabelDef } from './admin-api.js';
import { useAdminApi } from './admin-context.js';
import { LoadError, OutcomeNote, Page, useAction, useLoad } from './admin-kit.js';

export function RepliesPage() {
  const { t } = useI18n();
  return (
    <Page id="replies" title={t('adminReplies')}>
      <CannedSection />
      <LabelsSection />
    </Page>
  );
}

function CannedSection() {
  const { t } = useI18n();
  const api = useAdminApi();
  const canned = useLoad(() => api.canned().then((r) => r.cannedResponses.filter((c) => c.scope === 'tenant')));
  const action = useAction();
  const [editing, setEditing] = useState<Canned | 'new' | null>(null);
  return (
    <section className="admin-card" aria-label={t('canned')}>
      <div className="card-title">
        <h2>{t('canned')}</h2>
        <button className="btn" onClick={() => setEditing('new')}>
          + {t('adminNewCanned')}
        </button>
      </div>
      <LoadError error={canned.error} />
      {editing && (
        <CannedForm
          value={editing === 'new' ? null : editing}
          onDone={() => {
            setEditing(null);
            canned.reload();
          }}
        />
      )}
      <OutcomeNote outcome={action.outcome} />
      <table className="admin-table">
        <tbody>
          {(canned.data ?? []).map((c) => (
            <tr key={c.id} data-canned={c.shortcut}>
              <td className="nowrap">
                <code>/{c.shortcut}</code>
              </td>
              <td className="break">{c.text}</td>
              <td className="nowrap">
                <button className="link" onClick={() => setEditing(c)}>
                  {t('adminEdit')}
                </button>{' '}
                <button className="link danger" onClick={() => void action.run(() => api.deleteCanned(c.id), 'adminDeleted').then(canned.reload)}>
                  {t('adminDelete')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function CannedForm({ value, onDone }: { value: Canned | null; onDone: () => void }) {
  const { t } = useI18n();
  const api = useAdminApi();
  const action = useAction();
  const [shortcut, setShortcut] = useState(value?.shortcut ?? '');
  const [text, setText] = useState(value?.text ?? '');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body = { shortcut: shortcut.replace(/^\//, '').trim(), text };
    void action.run(() => (value ? api.updateCanned(value.id, body) : api.createCanned(body))).then((ok) => ok && onDone());
  };
  return (
    <form className="admin-form inset" onSubmit={submit}>
      <label>
        {t('adminShortcut')}
        <input required pattern="/?[A-Za-z0-9_\-]{1,64}" value={shortcut} onChange={(e) => setShortcut(e.target.value)} />
        <span className="muted hint">{t('adminShortcutHint')}</span>
      </label>
      <label>
        {t('adminText')}
        <textarea required rows={3} value={text} onChange={(e) => setText(e.target.value)} />
      </label>
      <div className="dialog-buttons">
        <button type="button" className="btn" onClick={onDone}>
          {t('cancel')}
        </button>
        <button type="submit" className="btn btn-primary" disabled={action.busy}>
          {t('save')}
        </button>
      </div>
      <OutcomeNote outcome={action.outcome} />
    </form>
  );
}

function LabelsSection() {
  const { t } = useI18n();
  const api = useAdminApi();
  const labels = useLoad(() => api.labels().then((r) => r.labels));
  const action = useAction();
  const [form, setForm] = useState<LabelDef>({ name: '', color: '#2563eb', description: '' });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void action.run(() => api.createLabel({ ...form, name: form.name.trim() }), 'adminLabelCreated').then((ok) => {
      if (!ok) return;
      setForm({ name: '', color: form.color, description: '' });
      labels.reload();
    });
  };
  return (
    <section className="admin-card" aria-label={t('labels')}>
      <h2>{t('labels')}</h2>
      <LoadError error={labels.error} />
      <form className="form-row admin-form" onSubmit={submit} aria-label={t('adminNewLabel')}>
        <label>
          {t('name')}
          <input required maxLength={64} value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
        </label>
        <label>
          {t('adminColor')}
          <input type="color" value={form.color} onChange={(e) => setForm({ ...form, color: e.target.value })} />
        </label>
        <label className="grow">
          {t('adminDescription')}
          <input maxLength={500} value={form.description} onChange={(e) => setForm({ ...form, description: e.target.value })} />
        </label>
        <button className="btn btn-primary" type="submit" disabled={action.busy}>
          {t('adminCreate')}
        </button>
      </form>
      <OutcomeNote outcome={action.outcome} />
      <table className="admin-table">
        <tbody>
          {(labels.data ?? []).map((l) => (
            <LabelRow key={l.name} label={l} run={action.run} onChanged={labels.reload} />
          ))}
        </tbody>
      </table>
    </section>
  );
}

function LabelRow({ label, run, onChanged }: { label: LabelDef; run: ReturnType<typeof useAction>['run']; onChanged: () => void }) {
  const { t } = useI18n();
  const api = useAdminApi();
  const [description, setDescription] = useState(label.description ?? '');
  const save = (patch: { color?: string; description?: string }) => void run(() => api.updateLabel(label.name, patch)).then(onChanged);
  return (
    <tr data-label={label.name}>
      <td className="nowrap">
        <span className="label-dot" style={{ background: label.color ?? '#9ca3af' }} /> {label.name}
      </td>
      <td>
        <input type="color" aria-label={t('adminColor')} value={label.color ?? '#9ca3af'} onChange={(e) => save({ color: e.target.value })} />
      </td>
      <td className="grow">
        <input
          className="input-wide"
          aria-label={t('adminDescription')}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          onBlur={() => description !== (label.description ?? '') && save({ description })}
        />
      </td>
      <td>
        <button className="link danger" onClick={() => void run(() => api.deleteLabel(label.name), 'adminDeleted').then(onChanged)}>
          {t('adminDelete')}
        </button>
      </td>
    </tr>
  );
}
