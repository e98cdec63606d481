// The admin pages' API client, with the signed-in agent's token.
import { useMemo } from 'react';
import { loadSession } from '../state/session.js';
import { useWorkbenchStatic } from '../ui/context.js';
import { AdminApi } from './admin-api.js';

/**
 * The session's token: the shell is rebuilt whenever the session changes, so it is current. A 401
 * is passed to the workbench's own client, which asks again and signs out.
 */
export function useAdminApi(): AdminApi {
  const wb = useWorkbenchStatic();
  return useMemo(() => new AdminApi(loadSession()?.token ?? '', () => void wb.api.me().catch(() => {})), [wb]);
}
