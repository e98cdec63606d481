// One knowledge-base entry edited: id (new entries only), question, other wordings, answer, tags,
// enabled. Used for new entries, edits, and entries made from unanswered questions.
import { useState, type FormEvent } from 'react';
import { useI18n } from '../ui/context.js';
import type { KbEntry } from './admin-api.js';
import { OutcomeNote, useAction } from './admin-kit.js';

const splitLines = (text: string) => text.split('\n').map((s) => s.trim()).filter(Boolean);
const splitTags = (text: string) => text.split(/[,，\s]+/).map((s) => s.trim()).filter(Boolean);

/** A readable id from the question, for new entries; the admin may change it. */
export function suggestId(question: string): string {
  const ascii = question.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40);
  return ascii || `entry-${Date.now().toString(36)}`;
}

interface Props {
  title: string;
  initial: KbEntry;
  isNew: boolean;
  onSave: (entry: KbEntry) => Promise<unknown>;
  onClose: () => void;
}

export function KbEntryForm({ title, initial, isNew, onSave, onClose }: Props) {
  const { t } = useI18n();
  const action = useAction();
  const [id, setId] = useState(initial.id);
  const [idTouched, setIdTouched] = useState(!isNew || initial.id !== '');
  const [question, setQuestion] = useState(initial.question);
  const [similar, setSimilar] = useState(initial.similar.join('\n'));
  const [answer, setAnswer] = useState(initial.answer);
  const [tags, setTags] = useState((initial.tags ?? []).join(', '));
  const [enabled, setEnabled] = useState(initial.enabled !== false);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const tagList = splitTags(tags);
    const entry: KbEntry = {
      id: (idTouched ? id : suggestId(question)).trim(),
      question: question.trim(),
      similar: splitLines(similar),
      answer: answer.trim(),
      ...(tagList.length > 0 ? { tags: tagList } : {}),
      enabled,
    };
    void action.run(() => onSave(entry)).then((ok) => ok && onClose());
  };

  return (
    <div className="overlay">
      <form className="dialog dialog-wide admin-form" role="dialog" aria-modal="true" aria-label={title} onSubmit={submit} onKeyDown={(e) => e.key === 'Escape' && onClose()}>
        <h2>{title}</h2>
        <label>
          {t('adminQuestion')}
          <input name="question" required value={question} onChange={(e) => setQuestion(e.target.value)} autoFocus />
        </label>
        <label>
          {t('adminEntryId')}
          <input
            name="id"
            required={idTouched}
            disabled={!isNew}
            value={idTouched ? id : suggestId(question)}
            onChange={(e) => {
              setIdTouched(true);
              setId(e.target.value);
            }}
          />
        </label>
        <label>
          {t('adminSimilar')}
          <textarea name="similar" rows={4} value={similar} onChange={(e) => setSimilar(e.target.value)} />
          <span className="muted hint">{t('adminSimilarHint')}</span>
        </label>
        <label>
          {t('adminAnswer')}
          <textarea name="answer" required rows={4} value={answer} onChange={(e) => setAnswer(e.target.value)} />
        </label>
        <label>
          {t('adminTags')}
          <input name="tags" value={tags} onChange={(e) => setTags(e.target.value)} placeholder="shipping, returns" />
        </label>
        <label className="check">
          <input type="checkbox" name="enabled" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
          {t('adminEnabled')}
        </label>
        <OutcomeNote outcome={action.outcome} />
        <div className="dialog-buttons">
          <button type="button" className="btn" onClick={onClose}>
            {t('cancel')}
          </button>
          <button type="submit" className="btn btn-primary" disabled={action.busy}>
            {action.busy ? t('adminTraining') : t('save')}
          </button>
        </div>
      </form>
    </div>
  );
}
