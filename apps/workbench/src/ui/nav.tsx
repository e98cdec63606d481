// Left navigation: the lists with their counts, my status, connection, sound, language, logout.
import { useState } from 'react';
import { AdminNav } from '../admin/admin-nav.js';
import { useAdminPage } from '../admin/route.js';
import { LANG_NAMES, LANGS, type Lang, type MessageKey } from '../lib/i18n.js';
import { notificationsSupported } from '../lib/notify.js';
import { LIST_KEYS, listCounts, type ListKey } from '../state/lists.js';
import type { ManualStatus } from '../state/workbench.js';
import { useI18n, useWorkbench } from './context.js';
import { LIST_LABEL } from './conversation-list.js';

const STATUS_LABEL: Record<ManualStatus, MessageKey> = { online: 'statusOnline', away: 'statusAway', offline: 'statusOffline' };

interface NavProps {
  list: ListKey;
  onList: (l: ListKey) => void;
  sound: boolean;
  onToggleSound: () => void;
  onSignOut: () => void;
  onHelp: () => void;
}

export function Nav({ list, onList, sound, onToggleSound, onSignOut, onHelp }: NavProps) {
  const wb = useWorkbench();
  const { t, lang, setLang } = useI18n();
  const counts = listCounts(wb.convs, wb.me.id, wb.myTeams);
  const [permission, setPermission] = useState(notificationsSupported() ? Notification.permission : 'denied');
  const conn = wb.connection;
  const listShown = useAdminPage() === null;

  return (
    <nav className="nav" aria-label={t('conversations')}>
      <div className="brand">
        <span className="brand-mark">客</span> {t('appName')}
      </div>
      <ul className="nav-lists">
        {LIST_KEYS.map((key) => (
          <li key={key}>
            <button className={`nav-item${key === list && listShown ? ' active' : ''}`} data-list={key} aria-current={key === list && listShown ? 'page' : undefined} onClick={() => onList(key)}>
              <span>{t(LIST_LABEL[key])}</span>
              <span className="count" data-count={counts[key]}>
                {counts[key]}
              </span>
            </button>
          </li>
        ))}
      </ul>
      <AdminNav />
      <div className="nav-bottom">
        <div className={`conn conn-${conn}`} role="status" data-conn={conn}>
          <span className="dot" />
          {conn === 'open' ? t('connOpen') : conn === 'waiting' ? t('connWaiting') : t('connConnecting')}
        </div>
        <label className="nav-field">
          {t('myStatus')}
          <select
            className={`status-select status-${wb.myStatus}`}
            aria-label={t('myStatus')}
            value={wb.myStatus}
            onChange={(e) => void wb.setMyStatus(e.target.value as ManualStatus).catch(() => {})}
          >
            {(Object.keys(STATUS_LABEL) as ManualStatus[]).map((s) => (
              <option key={s} value={s}>
                {t(STATUS_LABEL[s])}
              </option>
            ))}
          </select>
        </label>
        <label className="nav-field">
          {t('language')}
          <select aria-label={t('language')} value={lang} onChange={(e) => setLang(e.target.value as Lang)}>
            {LANGS.map((l) => (
              <option key={l} value={l}>
                {LANG_NAMES[l]}
              </option>
            ))}
          </select>
        </label>
        <button className="nav-link" aria-pressed={sound} onClick={onToggleSound}>
          {sound ? t('soundOn') : t('soundOff')}
        </button>
        {notificationsSupported() && permission === 'default' && (
          <button className="nav-link" onClick={() => void Notification.requestPermission().then(setPermission)}>
            {t('enableNotifications')}
          </button>
        )}
        <button className="nav-link" onClick={onHelp}>
          {t('shortcuts')} <kbd>?</kbd>
        </button>
        <div className="me">
          <span className="me-name">{wb.me.name}</span>
          <button className="nav-link" onClick={onSignOut}>
            {t('logout')}
          </button>
        </div>
      </div>
    </nav>
  );
}
