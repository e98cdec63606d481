// The conversation's timeline, virtualized: only the rows in view (and a few around) are in the
// DOM, so a conversation of thousands of entries scrolls as lightly as one of ten.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import type { TimelineItem } from '@kefu/client';
import { useI18n, useWorkbench } from './context.js';
import { TimelineRow } from './timeline-row.js';

const key = (item: TimelineItem) => (item.state === 'stored' ? `s${item.seq}` : `p${item.id}`);

export function Timeline({ conv }: { conv: string }) {
  const wb = useWorkbench();
  const { t } = useI18n();
  const version = wb.timelineVersion(conv);
  const items = useMemo(() => {
    void version;
    return wb.client.timeline(conv).filter((i) => i.kind !== 'hidden');
  }, [wb, conv, version]);
  const state = wb.state(conv);
  const scrollRef = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const loadingOlder = useRef(false);

  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => 64,
    overscan: 8,
    getItemKey: (i) => key(items[i]!),
  });

  // New entries keep the view at the bottom when it was there; older pages keep it where it was.
  const first = items[0] ? key(items[0]) : '';
  const firstRef = useRef(first);
  const countRef = useRef(0);
  useLayoutEffect(() => {
    const prevFirst = firstRef.current;
    const prevCount = countRef.current;
    firstRef.current = first;
    countRef.current = items.length;
    if (items.length === 0) return;
    if (prevCount > 0 && prevFirst !== first) {
      const added = items.findIndex((i) => key(i) === prevFirst);
      if (added > 0) virtualizer.scrollToIndex(added, { align: 'start' });
      loadingOlder.current = false;
      return;
    }
    if (atBottom.current || prevCount === 0) virtualizer.scrollToIndex(items.length - 1, { align: 'end' });
  }, [items, first, virtualizer]);

  const onScroll = () => {
    const el = scrollRef.current;
    if (!el) return;
    atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
    if (el.scrollTop < 200 && state?.hasOlder && !loadingOlder.current) {
      loadingOlder.current = wb.client.loadOlder(conv);
    }
  };

  // What is on screen while the agent looks is read: the visitor sees it as read.
  const heldSeq = state?.heldSeq ?? 0;
  const readSeq = state?.readSeq ?? 0;
  useEffect(() => {
    const markRead = () => {
      if (heldSeq > readSeq && document.visibilityState === 'visible' && document.hasFocus() && atBottom.current) wb.client.read(conv, heldSeq);
    };
    markRead();
    window.addEventListener('focus', markRead);
    document.addEventListener('visibilitychange', markRead);
    return () => {
      window.removeEventListener('focus', markRead);
      document.removeEventListener('visibilitychange', markRead);
    };
  }, [wb, conv, heldSeq, readSeq]);

  return (
    <div className="timeline" ref={scrollRef} onScroll={onScroll} role="log" aria-label={t('conversations')} data-count={items.length}>
      {state?.hasOlder && <div className="load-older">{t('loading')}</div>}
      <div className="timeline-inner" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((v) => (
          <div key={v.key} data-index={v.index} ref={virtualizer.measureElement} className="vrow" style={{ transform: `translateY(${v.start}px)` }}>
            <TimelineRow item={items[v.index]!} />
          </div>
        ))}
      </div>
    </div>
  );
}
