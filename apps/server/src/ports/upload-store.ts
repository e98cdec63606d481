// The records of uploaded files: who uploaded what, and the conversation it was sent in.
import type { ConversationId, TenantId } from '../domain/ids.js';
import type { Upload, UploadId, Uploader } from '../domain/upload.js';

export interface UploadDraft {
  uploader: Uploader;
  name: string;
  contentType: string;
  size: number;
  sha256: string;
  blobKey: string;
}

/** `elsewhere`: the upload was already sent in another conversation. Nothing was changed. */
export type AttachOutcome = { kind: 'attached'; uploads: Upload[] } | { kind: 'not_found'; id: string } | { kind: 'elsewhere'; id: UploadId };

export interface UploadStore {
  /**
   * Records an upload whose content is already in the blob store, with a new id and the store's
   * time; not yet sent anywhere. Fails with `not_found` for an unknown tenant.
   */
  createUpload(tenantId: TenantId, draft: UploadDraft): Promise<Upload>;
  /** The upload, or null when the tenant has none with this id. */
  getUpload(tenantId: TenantId, id: string): Promise<Upload | null>;
  /**
   * Marks uploads as sent in a conversation, all or none, atomically: an upload belongs to the
   * first conversation it is sent in, and may be sent there again. `visibleToVisitor` only ever
   * turns on (a file sent in a note and then in a message is the visitor's to see).
   * Answers the uploads in the order of `ids`. Fails with `not_found` for an unknown conversation.
   */
  attachUploads(tenantId: TenantId, ids: readonly string[], to: { conversationId: ConversationId; visibleToVisitor: boolean }): Promise<AttachOutcome>;
}
