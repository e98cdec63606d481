// The signed-in workbench: left navigation, the conversation list, the open conversation and its
// contact. Owns the live state, notifications, the title badge and the keyboard shortcuts.
import { useCallback, useEffect, useRef, useState } from 'react';
import { AdminArea } from '../admin/admin-area.js';
import { openAdminPage, pageOfHash, useAdminPage } from '../admin/route.js';
import { beep, desktopNotify, titleWithBadge } from '../lib/notify.js';
import { listOf, neighbour, type ListKey } from '../state/lists.js';
import { loadSound, saveSound } from '../state/prefs.js';
import type { Session } from '../state/session.js';
import { Workbench } from '../state/workbench.js';
import { ContactPanel } from './contact-panel.js';
import { useI18n, useWorkbench, WorkbenchContext } from './context.js';
import { ConversationList } from './conversation-list.js';
import { ConversationPane } from './conversation-pane.js';
import { HelpDialog } from './help-dialog.js';
import { Nav } from './nav.js';

const HASH = /^#\/c\/([A-Za-z0-9_-]{1,64})$/;

export function Shell({ session, onSignOut }: { session: Session; onSignOut: () => void }) {
  const { t } = useI18n();
  const [wb, setWb] = useState<Workbench | null>(null);
  const [sound, setSound] = useState(loadSound);
  const soundRef = useRef(sound);
  soundRef.current = sound;
  const [selected, setSelected] = useState<string | null>(() => HASH.exec(location.hash)?.[1] ?? null);
  const selectedRef = useRef(selected);
  selectedRef.current = selected;
  const tRef = useRef(t);
  tRef.current = t;

  useEffect(() => {
    const w = new Workbench(session.agent, session.token, {
      signedOut: onSignOut,
      notify: (n) => {
        const mineAndSeen = n.conv === selectedRef.current && document.visibilityState === 'visible' && document.hasFocus();
        if (mineAndSeen) return;
        if (soundRef.current) beep();
        const title = n.kind === 'queued' ? tRef.current('newConversation') : tRef.current('newMessageFrom', { name: n.item?.from.name ?? tRef.current('visitor') });
        desktopNotify(title, n.item?.text ?? '', () => setSelected(n.conv));
      },
    });
    w.start();
    setWb(w);
    return () => w.stop();
  }, [session, onSignOut]);

  useEffect(() => {
    // An admin page keeps the address until a conversation is picked (a notification's click).
    if (pageOfHash(location.hash)) {
      if (selected === null) return;
      openAdminPage(null);
    }
    const want = selected ? `#/c/${selected}` : '';
    if (location.hash !== want) history.replaceState(null, '', want || location.pathname);
  }, [selected]);

  const toggleSound = useCallback(() => {
    setSound((s) => {
      saveSound(!s);
      return !s;
    });
  }, []);

  if (!wb) return null;
  return (
    <WorkbenchContext.Provider value={wb}>
      <Layout selected={selected} onSelect={setSelected} sound={sound} onToggleSound={toggleSound} onSignOut={onSignOut} />
    </WorkbenchContext.Provider>
  );
}

interface LayoutProps {
  selected: string | null;
  onSelect: (id: string | null) => void;
  sound: boolean;
  onToggleSound: () => void;
  onSignOut: () => void;
}

function Layout({ selected, onSelect, sound, onToggleSound, onSignOut }: LayoutProps) {
  const wb = useWorkbench();
  const { t } = useI18n();
  const [list, setList] = useState<ListKey>('mine');
  const [help, setHelp] = useState(false);
  const adminPage = useAdminPage();
  const items = listOf(list, wb.convs, wb.me.id, wb.myTeams);
  const current = selected ? wb.convs.get(selected) : undefined;
  useEffect(() => {
    if (selected && !current) wb.ensure(selected);
  }, [wb, selected, current]);

  // The title counts what is unread in my conversations.
  const unread = listOf('mine', wb.convs, wb.me.id).reduce((n, c) => n + (wb.state(c.id)?.unread ?? 0), 0);
  useEffect(() => {
    document.title = titleWithBadge(t('appName'), unread);
  }, [unread, t]);

  const keys = useRef({ items, selected, current, help });
  keys.current = { items, selected, current, help };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const target = e.target as HTMLElement | null;
      const typing = target !== null && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
      const k = keys.current;
      if (e.key === 'Escape') {
        if (k.help) setHelp(false);
        else if (typing) target.blur();
        return;
      }
      if (typing || document.querySelector('[role="dialog"]:not(.help)') || pageOfHash(location.hash)) return;
      switch (e.key) {
        case 'j':
        case 'k': {
          const next = neighbour(k.items, k.selected, e.key === 'j' ? 1 : -1);
          if (next) onSelect(next);
          break;
        }
        case 'r':
          document.getElementById('composer-input')?.focus();
          break;
        case 'e':
          if (k.current && k.current.status !== 'resolved') void wb.resolve(k.current.id).catch(() => {});
          break;
        case '?':
          setHelp((h) => !h);
          break;
        default:
          return;
      }
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [wb, onSelect]);

  return (
    <div className="layout">
      <Nav list={list} onList={(l) => {
          openAdminPage(null);
          setList(l);
        }} sound={sound} onToggleSound={onToggleSound} onSignOut={onSignOut} onHelp={() => setHelp(true)} />
      {adminPage ? (
        <AdminArea page={adminPage} />
      ) : (
        <>
          <ConversationList list={list} items={items} selected={selected} onSelect={onSelect} />
          {current ? (
            <ConversationPane key={current.id} conv={current} />
          ) : (
            <main className="pane pane-empty">
              <p>{t('selectConversation')}</p>
            </main>
          )}
          {current ? <ContactPanel conv={current} onSelect={onSelect} /> : <aside className="contact-panel" />}
        </>
      )}
      {help && <HelpDialog onClose={() => setHelp(false)} />}
    </div>
  );
}
