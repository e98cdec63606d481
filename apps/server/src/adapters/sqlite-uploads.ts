// The SQLite Store's upload records (migration 4). Each statement filters by tenant_id.
import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { AppError } from '../domain/app-error.js';
import { asConversationId, asTenantId, type ConversationId, type TenantId } from '../domain/ids.js';
import { asUploadId, type Upload } from '../domain/upload.js';
import type { Clock } from '../ports/clock.js';
import type { AttachOutcome, UploadDraft } from '../ports/upload-store.js';
import { SqliteAgentTools } from './sqlite-agent-tools.js';
import { nullable } from './sqlite-connection.js';
import type { GroupCommit } from './sqlite-group-commit.js';
import type { SearchCatchUpOptions } from './sqlite-search-catch-up.js';

interface UploadRow {
  id: string;
  tenant_id: string;
  uploader_role: string;
  uploader_id: string;
  name: string;
  content_type: string;
  size: number;
  sha256: string;
  blob_key: string;
  conversation_id: string | null;
  visible_to_visitor: number;
  created_at: string;
}

// The CHECK constraint keeps uploader_role inside its union, so the cast holds.
const toUpload = (r: UploadRow): Upload => ({
  id: asUploadId(r.id),
  tenantId: asTenantId(r.tenant_id),
  uploader: { role: r.uploader_role as Upload['uploader']['role'], id: r.uploader_id },
  name: r.name,
  contentType: r.content_type,
  size: r.size,
  sha256: r.sha256,
  blobKey: r.blob_key,
  conversationId: r.conversation_id === null ? null : asConversationId(r.conversation_id),
  visibleToVisitor: r.visible_to_visitor === 1,
  createdAt: r.created_at,
});

function prepareUploadStatements(db: Database.Database) {
  return {
    insert: db.prepare<[string, string, string, string, string, string, number, string, string, string], UploadRow>(
      `INSERT INTO uploads (id, tenant_id, uploader_role, uploader_id, name, content_type, size, sha256, blob_key, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
    ),
    byId: db.prepare<[string, string], UploadRow>('SELECT * FROM uploads WHERE tenant_id = ? AND id = ?'),
    attach: db.prepare<[string, number, string, string], UploadRow>(
      `UPDATE uploads SET conversation_id = ?, visible_to_visitor = max(visible_to_visitor, ?)
       WHERE tenant_id = ? AND id = ? RETURNING *`,
    ),
    conversationExists: db.prepare<[string, string], number>('SELECT 1 FROM conversations WHERE tenant_id = ? AND id = ?').pluck(),
  };
}

export abstract class SqliteUploads extends SqliteAgentTools {
  protected readonly uploadSql: ReturnType<typeof prepareUploadStatements>;

  protected constructor(db: Database.Database, clock: Clock, commit: GroupCommit, searchCatchUp: SearchCatchUpOptions) {
    super(db, clock, commit, searchCatchUp);
    this.uploadSql = prepareUploadStatements(db);
  }

  createUpload(tenantId: TenantId, draft: UploadDraft): Promise<Upload> {
    return this.write(() => {
      this.assertTenant(tenantId);
      const { uploader, name, contentType, size, sha256, blobKey } = draft;
      return toUpload(this.uploadSql.insert.get(randomUUID(), tenantId, uploader.role, uploader.id, name, contentType, size, sha256, blobKey, this.now())!);
    });
  }

  getUpload(tenantId: TenantId, id: string): Promise<Upload | null> {
    return this.read(() => nullable(this.uploadSql.byId.get(tenantId, id), toUpload));
  }

  attachUploads(tenantId: TenantId, ids: readonly string[], to: { conversationId: ConversationId; visibleToVisitor: boolean }): Promise<AttachOutcome> {
    // One write step: the checks and the updates see the same rows, and commit together or not at all.
    return this.write((): AttachOutcome => {
      if (this.uploadSql.conversationExists.get(tenantId, to.conversationId) === undefined) throw new AppError('not_found', 'conversation not found');
      for (const id of ids) {
        const row = this.uploadSql.byId.get(tenantId, id);
        if (!row) return { kind: 'not_found', id };
        if (row.conversation_id !== null && row.conversation_id !== to.conversationId) return { kind: 'elsewhere', id: asUploadId(row.id) };
      }
      const visible = to.visibleToVisitor ? 1 : 0;
      const uploads = ids.map((id) => toUpload(this.uploadSql.attach.get(to.conversationId, visible, tenantId, id)!));
      return { kind: 'attached', uploads };
    });
  }
}
