// One timeline entry: a message bubble (the visitor's on the left, ours on the right), an internal
// note, a system line for events, attachments as images or links. Text is always text.
import { memo } from 'react';
import type { TimelineItem } from '@kefu/client';
import { entryTime, fileSize } from '../lib/format.js';
import type { Attachment } from '../state/api.js';
import { BotExtras } from './bot-extras.js';
import { useI18n, useWorkbenchStatic } from './context.js';

function attachmentsOf(data: Record<string, unknown> | undefined): Attachment[] {
  const raw = data?.attachments ?? (data?.attachment ? [data.attachment] : []);
  if (!Array.isArray(raw)) return [];
  return raw.filter((a): a is Attachment => typeof a === 'object' && a !== null && typeof (a as Attachment).url === 'string' && typeof (a as Attachment).name === 'string');
}

/** Only links to this server or to http(s) pages are made clickable. */
function safeUrl(url: string): string | null {
  try {
    const u = new URL(url, location.origin);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

function Attachments({ list }: { list: Attachment[] }) {
  return (
    <div className="attachments">
      {list.map((a) => {
        const href = safeUrl(a.url);
        if (!href) return null;
        return a.type?.startsWith('image/') ? (
          <a key={a.id} href={href} target="_blank" rel="noopener noreferrer" className="attachment-image">
            <img src={href} alt={a.name} loading="lazy" />
          </a>
        ) : (
          <a key={a.id} href={href} target="_blank" rel="noopener noreferrer" className="attachment-file">
            📎 {a.name} <span className="muted">{typeof a.size === 'number' ? fileSize(a.size) : ''}</span>
          </a>
        );
      })}
    </div>
  );
}

export const TimelineRow = memo(function TimelineRow({ item }: { item: TimelineItem }) {
  const wb = useWorkbenchStatic();
  const { t, lang } = useI18n();

  if (item.state !== 'stored') {
    return (
      <div className={`msg msg-out${item.kind === 'note' ? ' msg-note' : ''}`} data-state={item.state} data-id={item.id}>
        {item.kind === 'note' && <div className="note-label">{t('internalNote')}</div>}
        <div className="bubble">
          <div className="text">{item.text}</div>
          {item.attachments && item.attachments.length > 0 && <div className="muted">📎 {item.attachments.length}</div>}
        </div>
        <div className="msg-meta">
          {item.state === 'sending' ? (
            <span className="status" data-status="sending">
              {t('sending')}
            </span>
          ) : (
            <span className="status status-failed" data-status="failed">
              {t('failed', { error: item.error ?? '' })}{' '}
              <button className="link" onClick={() => wb.client.retry(item.id)}>
                {t('retry')}
              </button>{' '}
              <button className="link" onClick={() => wb.client.discard(item.id)}>
                {t('discard')}
              </button>
            </span>
          )}
        </div>
      </div>
    );
  }

  const time = entryTime(item.at, Date.now(), lang);
  if (item.kind === 'event') {
    return (
      <div className="system-line" data-seq={item.seq}>
        <span>{item.text}</span> <time dateTime={item.at}>{time}</time>
      </div>
    );
  }

  const outgoing = item.from.role !== 'visitor';
  const who = item.mine ? t('you') : (item.from.name ?? (item.from.role === 'visitor' ? t('visitor') : item.from.role));
  const files = attachmentsOf(item.data);
  return (
    <div className={`msg ${outgoing ? 'msg-out' : 'msg-in'}${item.kind === 'note' ? ' msg-note' : ''}`} data-seq={item.seq} data-kind={item.kind} data-role={item.from.role}>
      {item.kind === 'note' && <div className="note-label">{t('internalNote')}</div>}
      <div className="msg-author">{who}</div>
      <div className="bubble">
        {item.text && <div className="text">{item.text}</div>}
        {files.length > 0 && <Attachments list={files} />}
        {item.from.role === 'bot' && <BotExtras data={item.data} />}
      </div>
      <div className="msg-meta">
        <time dateTime={item.at}>{time}</time>
        {item.mine && item.kind !== 'note' && (
          <span className="status" data-status={item.readByOthers ? 'read' : 'sent'}>
            {item.readByOthers ? t('read') : t('sent')}
          </span>
        )}
      </div>
    </div>
  );
});
