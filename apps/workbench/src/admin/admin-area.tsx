// The admin pages and the dashboard, in place of the conversation columns.
import { Dashboard } from '../dashboard/dashboard.js';
import { useI18n, useWorkbenchStatic } from '../ui/context.js';
import { AgentsPage } from './agents-page.js';
import { BotPage } from './bot-page.js';
import { InboxesPage } from './inboxes-page.js';
import { KbPage } from './kb-page.js';
import { RepliesPage } from './replies-page.js';
import type { AdminPage } from './route.js';
import { TeamsPage } from './teams-page.js';
import './admin.css';

export function AdminArea({ page }: { page: AdminPage }) {
  const { t } = useI18n();
  const wb = useWorkbenchStatic();
  if (wb.me.role !== 'admin') {
    return (
      <main className="admin-area pane-empty">
        <p>{t('adminOnly')}</p>
      </main>
    );
  }
  return <main className="admin-area">{pageOf(page)}</main>;
}

function pageOf(page: AdminPage) {
  switch (page) {
    case 'dashboard':
      return <Dashboard />;
    case 'agents':
      return <AgentsPage />;
    case 'teams':
      return <TeamsPage />;
    case 'inboxes':
      return <InboxesPage />;
    case 'replies':
      return <RepliesPage />;
    case 'kb':
      return <KbPage />;
    case 'bot':
      return <BotPage />;
  }
}
