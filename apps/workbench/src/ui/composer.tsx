// The reply box: Enter sends, Shift+Enter breaks the line, the Enter that confirms an IME
// composition does nothing; "/" opens canned responses; emoji; attachments; reply or note.
import { useEffect, useRef, useState, type ChangeEvent, type KeyboardEvent } from 'react';
import { fillVariables, slashQuery } from '../lib/canned.js';
import { composerKeyAction } from '../lib/composer-keys.js';
import { EMOJI, insertAt } from '../lib/emoji.js';
import type { Attachment, CannedResponse } from '../state/api.js';
import { useI18n, useWorkbenchStatic } from './context.js';

interface Props {
  conv: string;
  contact: { name?: string | null; email?: string | null };
}

export function Composer({ conv, contact }: Props) {
  const wb = useWorkbenchStatic();
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [mode, setMode] = useState<'text' | 'note'>('text');
  const [files, setFiles] = useState<Attachment[]>([]);
  const [uploading, setUploading] = useState<string[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [emojiOpen, setEmojiOpen] = useState(false);
  const [canned, setCanned] = useState<CannedResponse[]>([]);
  const [cannedIndex, setCannedIndex] = useState(0);
  const composing = useRef(false);
  const input = useRef<HTMLTextAreaElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const query = slashQuery(text);

  useEffect(() => {
    if (query === null) return setCanned([]);
    let live = true;
    const timer = setTimeout(() => {
      wb.api.canned(query).then(
        (r) => {
          if (!live) return;
          setCanned(r.cannedResponses);
          setCannedIndex(0);
        },
        () => live && setCanned([]),
      );
    }, 120);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [wb, query]);

  const send = () => {
    const body = text.trim();
    if (body === '' && files.length === 0) return;
    wb.send(
      conv,
      body,
      mode,
      files.map((f) => f.id),
    );
    setText('');
    setFiles([]);
    setProblem(null);
  };

  const choose = (r: CannedResponse) => {
    setCanned([]);
    const local = fillVariables(r.text, { contact, agent: { name: wb.me.name } });
    setText(local);
    // The server knows every variable (attributes too); its expansion wins when it answers.
    wb.api.expand(conv, `/${r.shortcut}`).then(
      (x) => setText((current) => (current === local ? x.text : current)),
      () => {},
    );
    input.current?.focus();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (query !== null && canned.length > 0) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        setCannedIndex((i) => (i + (e.key === 'ArrowDown' ? 1 : canned.length - 1)) % canned.length);
        return;
      }
      if ((e.key === 'Enter' || e.key === 'Tab') && !e.nativeEvent.isComposing) {
        e.preventDefault();
        choose(canned[cannedIndex] ?? canned[0]!);
        return;
      }
      if (e.key === 'Escape') {
        e.preventDefault();
        setCanned([]);
        return;
      }
    }
    const action = composerKeyAction(e.nativeEvent, composing.current);
    if (action === 'send') {
      e.preventDefault();
      send();
    }
  };

  const onChange = (e: ChangeEvent<HTMLTextAreaElement>) => {
    setText(e.target.value);
    if (mode === 'text') wb.client.typing(conv, e.target.value.trim() !== '');
  };

  const addEmoji = (emoji: string) => {
    const el = input.current;
    const { value, caret } = insertAt(text, el?.selectionStart ?? text.length, el?.selectionEnd ?? text.length, emoji);
    setText(value);
    setEmojiOpen(false);
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(caret, caret);
    });
  };

  const upload = (list: FileList | null) => {
    for (const file of Array.from(list ?? [])) {
      setUploading((u) => [...u, file.name]);
      wb.api.upload(file).then(
        (a) => setFiles((f) => [...f, a]),
        (err: unknown) => setProblem(t('uploadFailed', { name: file.name, message: err instanceof Error ? err.message : String(err) })),
      ).finally(() => setUploading((u) => u.filter((n) => n !== file.name)));
    }
    if (fileInput.current) fileInput.current.value = '';
  };

  return (
    <div className={`composer${mode === 'note' ? ' composer-note' : ''}`}>
      <div className="composer-tabs" role="tablist">
        <button role="tab" aria-selected={mode === 'text'} className={mode === 'text' ? 'active' : ''} onClick={() => setMode('text')}>
          {t('reply')}
        </button>
        <button role="tab" aria-selected={mode === 'note'} className={mode === 'note' ? 'active' : ''} onClick={() => setMode('note')}>
          {t('note')}
        </button>
      </div>
      {query !== null && (
        <ul className="canned-picker" role="listbox" aria-label={t('canned')}>
          {canned.length === 0 && <li className="muted">{t('noCanned', { q: query })}</li>}
          {canned.map((r, i) => (
            <li key={r.id} role="option" aria-selected={i === cannedIndex} className={i === cannedIndex ? 'active' : ''} onMouseDown={(e) => e.preventDefault()} onClick={() => choose(r)}>
              <strong>/{r.shortcut}</strong> <span className="muted">{r.text}</span>
            </li>
          ))}
        </ul>
      )}
      <textarea
        id="composer-input"
        ref={input}
        rows={3}
        value={text}
        placeholder={mode === 'note' ? t('notePlaceholder') : t('replyPlaceholder')}
        aria-label={mode === 'note' ? t('note') : t('reply')}
        onChange={onChange}
        onKeyDown={onKeyDown}
        onCompositionStart={() => (composing.current = true)}
        onCompositionEnd={() => {
          // The keydown of the confirming Enter comes before compositionend in some browsers and
          // after it in others: stay "composing" until this task is over.
          setTimeout(() => (composing.current = false), 0);
        }}
        onBlur={() => wb.client.typing(conv, false)}
      />
      {(files.length > 0 || uploading.length > 0 || problem) && (
        <div className="composer-files">
          {files.map((f) => (
            <span key={f.id} className="chip">
              📎 {f.name}
              <button className="link" aria-label={t('discard')} onClick={() => setFiles((all) => all.filter((x) => x.id !== f.id))}>
                ×
              </button>
            </span>
          ))}
          {uploading.map((n) => (
            <span key={n} className="chip muted">
              {t('uploading', { name: n })}
            </span>
          ))}
          {problem && <span className="form-error">{problem}</span>}
        </div>
      )}
      <div className="composer-bar">
        <button className="icon-btn" aria-label={t('emoji')} aria-expanded={emojiOpen} onClick={() => setEmojiOpen((o) => !o)}>
          🙂
        </button>
        <button className="icon-btn" aria-label={t('attach')} onClick={() => fileInput.current?.click()}>
          📎
        </button>
        <input ref={fileInput} type="file" hidden multiple onChange={(e) => upload(e.target.files)} />
        <span className="spacer" />
        <button className="btn btn-primary" onClick={send} disabled={uploading.length > 0}>
          {t('send')}
        </button>
        {emojiOpen && (
          <div className="emoji-picker" role="dialog" aria-label={t('emoji')}>
            {EMOJI.map((e) => (
              <button key={e} onClick={() => addEmoji(e)}>
                {e}
              </button>
            ))}
          </div>
        )}
      </div>
    </div>
  );
}
