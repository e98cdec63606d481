// The admin pages' API client, with the signed-in agent's token.
import { useMemo } from 'react';
import { loadSession } from '../state/session.js';
import { AdminApi } from './admin-api.js';

/** The session's token: the shell is rebuilt whenever the session changes, so it is current. */
export function useAdminApi(): AdminApi {
  return useMemo(() => new AdminApi(loadSession()?.token ?? ''), []);
}
