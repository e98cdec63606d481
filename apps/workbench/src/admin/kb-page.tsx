// The knowledge base: entries searched and paged, added, edited, deleted; imported from a JSON or
// CSV file (replacing or merging) and exported. Every change is a new bot version.
import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../ui/context.js';
import type { KbEntry } from './admin-api.js';
import { useAdminApi } from './admin-context.js';
import { LoadError, OutcomeNote, Page, useAction, useLoad } from './admin-kit.js';
import { KbEntryForm } from './kb-entry-form.js';

const PAGE_SIZE = 50;
const EMPTY: KbEntry = { id: '', question: '', similar: [], answer: '', enabled: true };

export function KbPage() {
  const { t } = useI18n();
  const api = useAdminApi();
  const [query, setQuery] = useState('');
  const [search, setSearch] = useState('');
  const [offset, setOffset] = useState(0);
  useEffect(() => {
    const timer = setTimeout(() => {
      setSearch(query.trim());
      setOffset(0);
    }, 250);
    return () => clearTimeout(timer);
  }, [query]);
  const entries = useLoad(() => api.kbEntries(search, offset, PAGE_SIZE), [search, offset]);
  const action = useAction();
  const [editing, setEditing] = useState<{ entry: KbEntry; isNew: boolean } | null>(null);
  const data = entries.data;

  return (
    <Page
      id="kb"
      title={t('adminKb')}
      actions={
        <>
          <ImportExport onImported={entries.reload} />
          <button className="btn btn-primary" data-action="new-entry" onClick={() => setEditing({ entry: EMPTY, isNew: true })}>
            + {t('adminNewEntry')}
          </button>
        </>
      }
    >
      <div className="toolbar">
        <input type="search" className="input-wide" aria-label={t('adminSearchKb')} placeholder={t('adminSearchKb')} value={query} onChange={(e) => setQuery(e.target.value)} />
        {data && (
          <span className="muted">
            {t('adminEntriesCount', { total: data.total, version: data.version ?? '—' })}
          </span>
        )}
      </div>
      <LoadError error={entries.error} />
      <OutcomeNote outcome={action.outcome} />
      <table className="admin-table kb-table">
        <thead>
          <tr>
            <th>{t('adminQuestion')}</th>
            <th>{t('adminAnswer')}</th>
            <th>{t('adminTags')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {(data?.entries ?? []).map((e) => (
            <tr key={e.id} data-entry={e.id} className={e.enabled === false ? 'disabled' : undefined}>
              <td>
                <div className="kb-question">{e.question}</div>
                <div className="muted small">
                  {e.id} · {t('adminSimilarCount', { n: e.similar.length })}
                  {e.enabled === false && ` · ${t('adminDisabled')}`}
                </div>
              </td>
              <td className="kb-answer">{e.answer}</td>
              <td>
                {(e.tags ?? []).map((tag) => (
                  <span key={tag} className="tag">
                    {tag}
                  </span>
                ))}
              </td>
              <td className="nowrap">
                <button className="link" onClick={() => setEditing({ entry: e, isNew: false })}>
                  {t('adminEdit')}
                </button>{' '}
                <button
                  className="link danger"
                  onClick={() => {
                    if (confirm(t('adminConfirmDeleteEntry', { question: e.question }))) void action.run(() => api.deleteEntry(e.id), 'adminDeleted').then(entries.reload);
                  }}
                >
                  {t('adminDelete')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {data && data.total > PAGE_SIZE && (
        <div className="pager">
          <button className="btn" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE_SIZE))}>
            ‹
          </button>
          <span className="muted">
            {offset + 1}–{Math.min(offset + PAGE_SIZE, data.total)} / {data.total}
          </span>
          <button className="btn" disabled={offset + PAGE_SIZE >= data.total} onClick={() => setOffset(offset + PAGE_SIZE)}>
            ›
          </button>
        </div>
      )}
      {editing && (
        <KbEntryForm
          title={editing.isNew ? t('adminNewEntry') : t('adminEditEntry')}
          initial={editing.entry}
          isNew={editing.isNew}
          onSave={(entry) => (editing.isNew ? api.createEntry(entry) : api.replaceEntry(entry.id, entry))}
          onClose={() => {
            setEditing(null);
            entries.reload();
          }}
        />
      )}
    </Page>
  );
}

function ImportExport({ onImported }: { onImported: () => void }) {
  const { t } = useI18n();
  const api = useAdminApi();
  const action = useAction();
  const file = useRef<HTMLInputElement>(null);
  const [mode, setMode] = useState<'merge' | 'replace'>('merge');

  const importFile = async (f: File) => {
    const text = await f.text();
    const format = /\.csv$/i.test(f.name) || f.type === 'text/csv' ? 'csv' : 'json';
    if (mode === 'replace' && !confirm(t('adminConfirmReplace'))) return;
    await action.run(() => api.importKb(text, format, mode), 'adminImported');
    onImported();
  };
  const exportAs = (format: 'json' | 'csv') =>
    void action.run(async () => {
      const blob = await api.exportKb(format);
      const a = document.createElement('a');
      a.href = URL.createObjectURL(blob);
      a.download = `knowledge-base.${format}`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
    }, 'adminExported');

  return (
    <span className="import-export">
      <select className="select-compact" aria-label={t('adminImportMode')} value={mode} onChange={(e) => setMode(e.target.value as 'merge' | 'replace')}>
        <option value="merge">{t('adminImportMerge')}</option>
        <option value="replace">{t('adminImportReplace')}</option>
      </select>
      <button className="btn" onClick={() => file.current?.click()} disabled={action.busy}>
        {t('adminImport')}
      </button>
      <input
        ref={file}
        type="file"
        hidden
        accept=".json,.csv,application/json,text/csv"
        aria-label={t('adminImportFile')}
        onChange={(e) => {
          const f = e.target.files?.[0];
          e.target.value = '';
          if (f) void importFile(f);
        }}
      />
      <button className="btn" onClick={() => exportAs('json')}>
        {t('adminExport')} JSON
      </button>
      <button className="btn" onClick={() => exportAs('csv')}>
        {t('adminExport')} CSV
      </button>
      <OutcomeNote outcome={action.outcome} />
    </span>
  );
}
