// SQLite statements whose shape follows their input (list filters, transition conditions), each
// prepared once per shape and kept.
import type Database from 'better-sqlite3';
import type { ConversationId, TenantId } from '../domain/ids.js';
import type { ConversationFilter, Transition } from '../ports/conversation-store.js';
import type { ConversationRow } from './sqlite-rows.js';

type Params = Record<string, string | number | null>;

export class SqliteQueries {
  readonly #db: Database.Database;
  readonly #prepared = new Map<string, Database.Statement<[Params], ConversationRow>>();

  constructor(db: Database.Database) {
    this.#db = db;
  }

  #statement(sql: string): Database.Statement<[Params], ConversationRow> {
    let statement = this.#prepared.get(sql);
    if (!statement) {
      statement = this.#db.prepare<[Params], ConversationRow>(sql);
      this.#prepared.set(sql, statement);
    }
    return statement;
  }

  /** Newest first by (updated_at, id); `before` continues strictly after the previous page's last row. */
  listConversations(tenantId: TenantId, filter: ConversationFilter): ConversationRow[] {
    const where = ['tenant_id = @tenantId'];
    const params: Params = { tenantId, limit: Math.min(Math.max(Math.trunc(filter.limit), 1), 500) };
    if (filter.status !== undefined) {
      // One statement for any number of statuses: the list travels as a JSON array.
      where.push('status IN (SELECT value FROM json_each(@statuses))');
      params.statuses = JSON.stringify(filter.status);
    }
    if (filter.assigneeId === null) where.push('assignee_id IS NULL');
    else if (filter.assigneeId !== undefined) {
      where.push('assignee_id = @assigneeId');
      params.assigneeId = filter.assigneeId;
    }
    if (filter.inboxId !== undefined) {
      where.push('inbox_id = @inboxId');
      params.inboxId = filter.inboxId;
    }
    if (filter.contactId !== undefined) {
      where.push('contact_id = @contactId');
      params.contactId = filter.contactId;
    }
    if (filter.before !== undefined) {
      where.push('(updated_at, id) < (@beforeUpdatedAt, @beforeId)');
      params.beforeUpdatedAt = filter.before.updatedAt;
      params.beforeId = filter.before.id;
    }
    const sql = `SELECT * FROM conversations WHERE ${where.join(' AND ')} ORDER BY updated_at DESC, id DESC LIMIT @limit`;
    return this.#statement(sql).all(params);
  }

  /**
   * The conditional UPDATE of a transition: it changes the row and takes the next seq for the event
   * entry only when `from` holds, and returns the changed row, or undefined when it did not apply.
   */
  transition(tenantId: TenantId, id: ConversationId, transition: Transition, now: string): ConversationRow | undefined {
    const { from, to } = transition;
    const where = ['tenant_id = @tenantId', 'id = @id'];
    const set = ['last_seq = last_seq + 1', 'updated_at = @now'];
    const params: Params = { tenantId, id, now };
    if (from.statuses !== undefined) {
      where.push('status IN (SELECT value FROM json_each(@fromStatuses))');
      params.fromStatuses = JSON.stringify(from.statuses);
    }
    if (from.unassigned === true) where.push('assignee_id IS NULL');
    else if (from.unassigned === false) where.push('assignee_id IS NOT NULL');
    if (from.assigneeId !== undefined) {
      where.push('assignee_id = @fromAssigneeId');
      params.fromAssigneeId = from.assigneeId;
    }
    if (to.status !== undefined) {
      set.push('status = @toStatus');
      params.toStatus = to.status;
    }
    if (to.assigneeId !== undefined) {
      set.push('assignee_id = @toAssigneeId');
      params.toAssigneeId = to.assigneeId;
    }
    const sql = `UPDATE conversations SET ${set.join(', ')} WHERE ${where.join(' AND ')} RETURNING *`;
    return this.#statement(sql).get(params);
  }
}
