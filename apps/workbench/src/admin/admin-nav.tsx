// The admin section of the left navigation, for admins only.
import type { MessageKey } from '../lib/i18n.js';
import { useI18n, useWorkbenchStatic } from '../ui/context.js';
import { ADMIN_PAGES, openAdminPage, useAdminPage, type AdminPage } from './route.js';

const LABEL: Record<AdminPage, MessageKey> = {
  dashboard: 'dashTitle',
  agents: 'adminAgents',
  teams: 'adminTeams',
  inboxes: 'adminInboxes',
  replies: 'adminReplies',
  kb: 'adminKb',
  bot: 'adminBot',
};

export function AdminNav() {
  const { t } = useI18n();
  const wb = useWorkbenchStatic();
  const page = useAdminPage();
  if (wb.me.role !== 'admin') return null;
  return (
    <div className="nav-admin">
      <div className="nav-heading">{t('adminSection')}</div>
      <ul className="nav-lists">
        {ADMIN_PAGES.map((p) => (
          <li key={p}>
            <button className={`nav-item${p === page ? ' active' : ''}`} data-admin={p} aria-current={p === page ? 'page' : undefined} onClick={() => openAdminPage(p)}>
              <span>{t(LABEL[p])}</span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
