// Use case: an agent searches the tenant's messages, contacts and labelled conversations.
import { AppError } from '../domain/app-error.js';
import type { AgentPrincipal } from '../domain/principal.js';
import type { SearchResult } from '../ports/agent-tools-store.js';
import type { Store } from '../ports/store.js';

export const SEARCH_QUERY_MAX_CHARS = 200;
export const SEARCH_LIMIT_MAX = 100;

/**
 * `query` is trimmed and must then hold 1 to 200 characters; `limit` caps each kind of result.
 * Agents see every conversation of their tenant, so search covers the whole tenant.
 */
export async function search(store: Store, actor: AgentPrincipal, input: { query: string; limit: number }): Promise<SearchResult> {
  const query = input.query.trim();
  if (query.length === 0 || query.length > SEARCH_QUERY_MAX_CHARS) {
    throw new AppError('invalid', `q must hold 1 to ${SEARCH_QUERY_MAX_CHARS} characters besides surrounding spaces`);
  }
  if (!Number.isInteger(input.limit) || input.limit < 1 || input.limit > SEARCH_LIMIT_MAX) {
    throw new AppError('invalid', `limit must be an integer from 1 to ${SEARCH_LIMIT_MAX}`);
  }
  return store.search(actor.tenantId, query, { limit: input.limit });
}
