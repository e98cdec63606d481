// The SQLite Store's agent tools: canned responses, labels, custom fields, blocked IP addresses,
// satisfaction ratings, and search over the full-text indexes (sqlite-search.ts).
import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { AppError } from '../domain/app-error.js';
import type { AgentId, ContactId, ConversationId, TenantId } from '../domain/ids.js';
import type { CannedResponse, Csat, CustomField, Label } from '../domain/model.js';
import type { CsatSummary, SearchResult } from '../ports/agent-tools-store.js';
import type { Clock } from '../ports/clock.js';
import {
  prepareAgentToolStatements,
  toBlockedIp,
  toCannedResponse,
  toCsat,
  toCustomField,
  toLabel,
  type AgentToolStatements,
} from './sqlite-agent-tools-sql.js';
import { nullable } from './sqlite-connection.js';
import type { GroupCommit } from './sqlite-group-commit.js';
import type { SearchCatchUpOptions } from './sqlite-search-catch-up.js';
import { SqliteConversations } from './sqlite-conversations.js';
import type { ReadMode } from '../ports/read-mode.js';

const FIELD_TYPES: ReadonlyArray<CustomField['type']> = ['text', 'number', 'date', 'boolean', 'list'];
const MAX_CSAT_COMMENT = 2000;

/** The checks the schema makes too, answered as `invalid` before it sees the values. */
function checkCsat(csat: Pick<Csat, 'rating' | 'comment'>): void {
  if (!Number.isInteger(csat.rating) || csat.rating < 1 || csat.rating > 5) throw new AppError('invalid', 'rating must be 1 to 5');
  // Code points, as SQLite's length() counts them.
  if ([...csat.comment].length > MAX_CSAT_COMMENT) throw new AppError('invalid', `comment longer than ${MAX_CSAT_COMMENT} characters`);
}

function checkFieldType(type: string): void {
  if (!(FIELD_TYPES as readonly string[]).includes(type)) throw new AppError('invalid', `unknown field type: ${type}`);
}

export abstract class SqliteAgentTools extends SqliteConversations {
  protected readonly tools: AgentToolStatements;

  protected constructor(db: Database.Database, clock: Clock, commit: GroupCommit, searchCatchUp: SearchCatchUpOptions) {
    super(db, clock, commit, searchCatchUp);
    this.tools = prepareAgentToolStatements(db);
  }

  // Canned responses

  createCannedResponse(
    tenantId: TenantId,
    input: { ownerId: AgentId | null; shortcut: string; text: string },
  ): Promise<{ kind: 'created'; response: CannedResponse } | { kind: 'shortcut_taken' }> {
    return this.write((): { kind: 'created'; response: CannedResponse } | { kind: 'shortcut_taken' } => {
      this.assertTenant(tenantId);
      if (input.ownerId !== null && !this.sql.agentById.get(tenantId, input.ownerId)) throw new AppError('not_found', 'agent not found');
      if (this.tools.cannedResponseByShortcut.get(tenantId, input.ownerId, input.shortcut)) return { kind: 'shortcut_taken' };
      const row = this.tools.insertCannedResponse.get(randomUUID(), tenantId, input.ownerId, input.shortcut, input.text, this.now())!;
      return { kind: 'created', response: toCannedResponse(row) };
    });
  }

  updateCannedResponse(tenantId: TenantId, id: string, patch: { shortcut?: string; text?: string }): Promise<CannedResponse | null> {
    return this.write(() => {
      const row = this.tools.cannedResponseById.get(tenantId, id);
      if (!row) return null;
      if (patch.shortcut !== undefined) {
        const holder = this.tools.cannedResponseByShortcut.get(tenantId, row.owner_id, patch.shortcut);
        if (holder && holder.id !== id) throw new AppError('conflict', 'shortcut taken');
      }
      return toCannedResponse(this.tools.updateCannedResponse.get(patch.shortcut ?? row.shortcut, patch.text ?? row.text, tenantId, id)!);
    });
  }

  deleteCannedResponse(tenantId: TenantId, id: string): Promise<boolean> {
    return this.write(() => this.tools.deleteCannedResponse.run(tenantId, id).changes > 0);
  }

  listCannedResponses(tenantId: TenantId, agentId: AgentId): Promise<CannedResponse[]> {
    return this.read(() => this.tools.listCannedResponses.all(tenantId, agentId).map(toCannedResponse));
  }

  // Labels

  upsertLabel(tenantId: TenantId, label: Omit<Label, 'tenantId'>): Promise<Label> {
    return this.write(() => {
      this.assertTenant(tenantId);
      const previous = this.tools.labelByName.get(tenantId, label.name);
      if (!previous) {
        const row = this.tools.insertLabel.get(tenantId, label.name, label.color, label.description, this.now())!;
        this.searchIndex.indexLabel(tenantId, row.name);
        return toLabel(row);
      }
      // The name takes the spelling given, on the conversations too (no ON UPDATE CASCADE: under
      // NOCASE, SQLite sees no change of the key when only the case changes).
      if (previous.name !== label.name) this.tools.renameConversationLabel.run(label.name, tenantId, previous.name);
      const row = this.tools.updateLabel.get(label.name, label.color, label.description, tenantId, previous.name)!;
      this.searchIndex.indexLabel(tenantId, row.name);
      return toLabel(row);
    });
  }

  deleteLabel(tenantId: TenantId, name: string): Promise<boolean> {
    return this.write(() => {
      this.searchIndex.unindexLabel(tenantId, name);
      return this.tools.deleteLabel.run(tenantId, name).changes > 0;
    });
  }

  listLabels(tenantId: TenantId): Promise<Label[]> {
    return this.read(() => this.tools.listLabels.all(tenantId).map(toLabel));
  }

  // Custom fields

  upsertCustomField(tenantId: TenantId, field: Omit<CustomField, 'tenantId'>): Promise<CustomField> {
    return this.write(() => {
      this.assertTenant(tenantId);
      checkFieldType(field.type);
      const options = JSON.stringify(field.options);
      return toCustomField(this.tools.upsertCustomField.get(tenantId, field.key, field.label, field.type, options, this.now())!);
    });
  }

  deleteCustomField(tenantId: TenantId, key: string): Promise<boolean> {
    return this.write(() => this.tools.deleteCustomField.run(tenantId, key).changes > 0);
  }

  listCustomFields(tenantId: TenantId): Promise<CustomField[]> {
    return this.read(() => this.tools.listCustomFields.all(tenantId).map(toCustomField));
  }

  // Blocked IP addresses

  blockIp(tenantId: TenantId, ip: string, reason: string): Promise<void> {
    return this.write(() => {
      this.assertTenant(tenantId);
      this.tools.blockIp.run(tenantId, ip, reason, this.now());
    });
  }

  unblockIp(tenantId: TenantId, ip: string): Promise<boolean> {
    return this.write(() => this.tools.unblockIp.run(tenantId, ip).changes > 0);
  }

  isIpBlocked(tenantId: TenantId, ip: string, mode?: ReadMode): Promise<boolean> {
    return this.read(() => this.tools.isIpBlocked.get(tenantId, ip) !== undefined, mode);
  }

  isVisitorBlocked(tenantId: TenantId, contactId: ContactId, ip: string | null, mode?: ReadMode): Promise<boolean> {
    return this.read(() => this.tools.isVisitorBlocked.get({ tenantId, contactId, ip }) === 1, mode);
  }

  listBlockedIps(tenantId: TenantId): Promise<Array<{ ip: string; reason: string; createdAt: string }>> {
    return this.read(() => this.tools.listBlockedIps.all(tenantId).map(toBlockedIp));
  }

  // Satisfaction ratings

  saveCsat(tenantId: TenantId, csat: Omit<Csat, 'tenantId' | 'createdAt'>): Promise<Csat> {
    return this.write(() => {
      checkCsat(csat);
      const conversation = this.sql.conversationById.get(tenantId, csat.conversationId);
      if (!conversation) throw new AppError('not_found', 'conversation not found');
      if (conversation.contact_id !== csat.contactId) throw new AppError('invalid', "not the conversation's contact");
      const { conversationId, contactId, agentId, rating, comment } = csat;
      return toCsat(this.tools.saveCsat.get(conversationId, tenantId, contactId, agentId, rating, comment, this.now())!);
    });
  }

  getCsat(tenantId: TenantId, conversationId: ConversationId): Promise<Csat | null> {
    return this.read(() => nullable(this.tools.csatOf.get(tenantId, conversationId), toCsat));
  }

  summarizeCsat(tenantId: TenantId, range: { fromIso: string; toIso: string; agentId?: AgentId }): Promise<CsatSummary> {
    return this.read((): CsatSummary => {
      const { fromIso, toIso, agentId } = range;
      const rows =
        agentId === undefined
          ? this.tools.csatCounts.all({ tenantId, fromIso, toIso })
          : this.tools.csatCountsOfAgent.all({ tenantId, fromIso, toIso, agentId });
      const byRating: CsatSummary['byRating'] = { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 };
      let [count, sum] = [0, 0];
      for (const { rating, n } of rows) {
        byRating[rating as Csat['rating']] = n;
        count += n;
        sum += rating * n;
      }
      return { count, average: count === 0 ? null : sum / count, byRating };
    });
  }

  listCsat(tenantId: TenantId, range: { fromIso: string; toIso: string; limit: number }): Promise<Csat[]> {
    return this.read(() => {
      const limit = Math.min(Math.max(Math.trunc(range.limit), 1), 500);
      return this.tools.listCsat.all({ tenantId, fromIso: range.fromIso, toIso: range.toIso, limit }).map(toCsat);
    });
  }

  // Search

  async search(tenantId: TenantId, query: string, options: { limit: number; contactId?: ContactId }): Promise<SearchResult> {
    await this.searchCatchUp.catchUp();
    return this.read(() => this.searchIndex.search(tenantId, query, options));
  }
}
