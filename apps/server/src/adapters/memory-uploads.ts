// The in-memory Store's upload records: a Map by id, each copied on the way in and out.
import { randomUUID } from 'node:crypto';
import { AppError } from '../domain/app-error.js';
import type { ConversationId, TenantId } from '../domain/ids.js';
import { asUploadId, type Upload } from '../domain/upload.js';
import type { AttachOutcome, UploadDraft } from '../ports/upload-store.js';
import { MemoryAgentTools } from './memory-agent-tools.js';

const copy = (u: Upload): Upload => ({ ...u, uploader: { ...u.uploader } });

export abstract class MemoryUploads extends MemoryAgentTools {
  readonly #uploads = new Map<string, Upload>();

  async createUpload(tenantId: TenantId, draft: UploadDraft): Promise<Upload> {
    this.assertOpen();
    this.assertTenant(tenantId);
    const upload: Upload = {
      id: asUploadId(randomUUID()),
      tenantId,
      uploader: { role: draft.uploader.role, id: draft.uploader.id },
      name: draft.name,
      contentType: draft.contentType,
      size: draft.size,
      sha256: draft.sha256,
      blobKey: draft.blobKey,
      conversationId: null,
      visibleToVisitor: false,
      createdAt: this.now(),
    };
    this.#uploads.set(upload.id, upload);
    return copy(upload);
  }

  async getUpload(tenantId: TenantId, id: string): Promise<Upload | null> {
    this.assertOpen();
    const upload = this.#uploads.get(id);
    return upload?.tenantId === tenantId ? copy(upload) : null;
  }

  async attachUploads(tenantId: TenantId, ids: readonly string[], to: { conversationId: ConversationId; visibleToVisitor: boolean }): Promise<AttachOutcome> {
    this.assertOpen();
    if (this.conversations.get(to.conversationId)?.tenantId !== tenantId) throw new AppError('not_found', 'conversation not found');
    const uploads: Upload[] = [];
    // Every check before any change: all or none.
    for (const id of ids) {
      const upload = this.#uploads.get(id);
      if (upload?.tenantId !== tenantId) return { kind: 'not_found', id };
      if (upload.conversationId !== null && upload.conversationId !== to.conversationId) return { kind: 'elsewhere', id: upload.id };
      uploads.push(upload);
    }
    for (const upload of uploads) {
      upload.conversationId = to.conversationId;
      upload.visibleToVisitor ||= to.visibleToVisitor;
    }
    return { kind: 'attached', uploads: uploads.map(copy) };
  }
}
