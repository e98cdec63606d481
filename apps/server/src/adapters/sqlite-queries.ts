// SQLite statements whose shape follows their input (list filters, transition conditions), each
// prepared once per shape and kept.
import type Database from 'better-sqlite3';
import type { ConversationId, TenantId } from '../domain/ids.js';
import { CONVERSATION_STATUSES } from '../domain/model.js';
import type { ConversationFilter, QueueFilter, Transition } from '../ports/conversation-store.js';
import { CONVERSATION_COLUMNS, type ConversationRow } from './sqlite-rows.js';
import { LIMIT_NAMED } from './sqlite-limit.js';

export type Params = Record<string, string | number | null>;

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
    const { sql, params } = conversationListQuery(tenantId, filter);
    return this.#statement(sql).all(params);
  }

  /** The same list, three columns: no labels subquery, no wide rows to build. */
  listConversationBriefs(tenantId: TenantId, filter: ConversationFilter): BriefRow[] {
    const { sql, params } = conversationListQuery(tenantId, filter, BRIEF_COLUMNS);
    return (this.#statement(sql) as unknown as Database.Statement<[Params], BriefRow>).all(params);
  }

  /** Queued and unassigned, urgent first, then oldest in the queue, then by id. */
  listQueue(tenantId: TenantId, filter: QueueFilter): ConversationRow[] {
    const where = ['tenant_id = @tenantId', "status = 'queued'", 'assignee_id IS NULL'];
    const params: Params = { tenantId, limit: clampLimit(filter.limit) };
    if (filter.teamIds !== undefined) {
      const ids = filter.teamIds.filter((id) => id !== null);
      // json_each yields SQL NULL for a JSON null, which `IN` never matches: the pool is its own test.
      const teams = ['team_id IN (SELECT value FROM json_each(@teamIds))'];
      if (ids.length < filter.teamIds.length) teams.push('team_id IS NULL');
      where.push(`(${teams.join(' OR ')})`);
      params.teamIds = JSON.stringify(ids);
    }
    const sql = `SELECT ${CONVERSATION_COLUMNS} FROM conversations WHERE ${where.join(' AND ')} ORDER BY priority_rank DESC, queued_at, id ${LIMIT_NAMED}`;
    return this.#statement(sql).all(params);
  }

  /**
   * The conditional UPDATE of a transition: it changes the row, moves updated_at and takes the next
   * seq for the event entry (last_message_at with it) only when `from` holds, and returns the
   * changed row, or undefined when it did not apply.
   */
  transition(tenantId: TenantId, id: ConversationId, transition: Transition, now: string): ConversationRow | undefined {
    const { from, to } = transition;
    const where = ['tenant_id = @tenantId', 'id = @id'];
    const set = ['last_seq = last_seq + 1', 'last_message_at = @now', 'updated_at = @now'];
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
    if (from.capacityOf !== undefined) {
      // Counted by the UPDATE itself, so the count and the write are one step (as in PostgreSQL,
      // where the same statement under the row lock keeps concurrent claims from overfilling).
      where.push(
        `(SELECT COUNT(*) FROM conversations AS held
          WHERE held.tenant_id = @tenantId AND held.assignee_id = @capacityAgentId AND held.status = 'open') < @capacity`,
      );
      params.capacityAgentId = from.capacityOf.agentId;
      params.capacity = from.capacityOf.capacity;
    }
    if (from.pendingTransferTo !== undefined) {
      where.push('pending_transfer_to = @fromPendingTransferTo');
      params.fromPendingTransferTo = from.pendingTransferTo;
    }
    if (to.status !== undefined) {
      set.push('status = @toStatus');
      params.toStatus = to.status;
      // Entering the queue (again) puts the conversation at the back of its priority.
      if (to.status === 'queued') set.push('queued_at = @now');
    }
    if (to.assigneeId !== undefined) {
      set.push('assignee_id = @toAssigneeId', to.assigneeId === null ? 'assigned_at = NULL' : 'assigned_at = @now');
      params.toAssigneeId = to.assigneeId;
    }
    if (to.teamId !== undefined) {
      set.push('team_id = @toTeamId');
      params.toTeamId = to.teamId;
    }
    if (to.priority !== undefined) {
      set.push('priority = @toPriority');
      params.toPriority = to.priority;
    }
    if (to.pendingTransferTo !== undefined) {
      set.push('pending_transfer_to = @toPendingTransferTo');
      params.toPendingTransferTo = to.pendingTransferTo;
    }
    // Labels are written after this step (when it applies); the returned labels are the old ones.
    const sql = `UPDATE conversations SET ${set.join(', ')} WHERE ${where.join(' AND ')} RETURNING ${CONVERSATION_COLUMNS}`;
    return this.#statement(sql).get(params);
  }
}

/** The statement of listConversations for this filter (exported for the query plan tests). */
export interface BriefRow {
  id: string;
  last_seq: number;
  status: string;
}

const BRIEF_COLUMNS = 'id, last_seq, status';

export function conversationListQuery(tenantId: TenantId, filter: ConversationFilter, columns = CONVERSATION_COLUMNS): { sql: string; params: Params } {
  const where = ['tenant_id = @tenantId'];
  const params: Params = { tenantId, limit: clampLimit(filter.limit) };
  if (filter.status !== undefined) {
    // Written out as literals (values of the column's CHECK, so nothing else is let in): with
    // equalities the planner takes conversations_by_status, or conversations_by_assigned_at for the
    // unanswered timer; given a json_each list it walked the tenant's every conversation by
    // conversations_by_update instead. At most 15 sets of statuses, each one statement.
    const statuses = CONVERSATION_STATUSES.filter((s) => filter.status!.includes(s));
    where.push(statuses.length === 0 ? 'FALSE' : `status IN (${statuses.map((s) => `'${s}'`).join(', ')})`);
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
  if (filter.teamId === null) where.push('team_id IS NULL');
  else if (filter.teamId !== undefined) {
    where.push('team_id = @teamId');
    params.teamId = filter.teamId;
  }
  if (filter.assignedBefore !== undefined) {
    where.push('assigned_at < @assignedBefore');
    params.assignedBefore = filter.assignedBefore;
  }
  if (filter.unanswered === true) {
    where.push('assignee_id IS NOT NULL AND (last_agent_message_at IS NULL OR last_agent_message_at < assigned_at)');
  }
  if (filter.visitorQuietSince !== undefined) {
    // The expression of the index conversations_by_visitor_quiet.
    where.push('COALESCE(last_visitor_message_at, created_at) < @visitorQuietSince');
    params.visitorQuietSince = filter.visitorQuietSince;
  }
  if (filter.label !== undefined) {
    // label_name is NOCASE: any case of the name finds the label.
    where.push('id IN (SELECT conversation_id FROM conversation_labels WHERE tenant_id = @tenantId AND label_name = @label)');
    params.label = filter.label;
  }
  if (filter.before !== undefined) {
    where.push('(updated_at, id) < (@beforeUpdatedAt, @beforeId)');
    params.beforeUpdatedAt = filter.before.updatedAt;
    params.beforeId = filter.before.id;
  }
  const sql = `SELECT ${columns} FROM conversations WHERE ${where.join(' AND ')} ORDER BY updated_at DESC, id DESC ${LIMIT_NAMED}`;
  return { sql, params };
}

/** Lists return 1..500 rows, like the `limit` of ConversationFilter. */
function clampLimit(limit: number): number {
  return Math.min(Math.max(Math.trunc(limit), 1), 500);
}
