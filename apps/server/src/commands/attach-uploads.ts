// The attachments of a send: checked before anything is stored, then bound to the conversation.
import { AppError } from '../domain/app-error.js';
import type { ConversationId } from '../domain/ids.js';
import { participantOf, type Principal } from '../domain/principal.js';
import type { Upload } from '../domain/upload.js';
import type { Store } from '../ports/store.js';

/**
 * The uploads named by a send, in its order: each named once, each an upload of the tenant
 * (else `not_found`) made by the sender themselves (else `forbidden`).
 */
export async function loadAttachments(store: Store, principal: Principal, ids: readonly string[]): Promise<Upload[]> {
  if (new Set(ids).size !== ids.length) throw new AppError('bad_frame', 'attachments: name each upload once');
  const sender = participantOf(principal);
  const uploads: Upload[] = [];
  for (const id of ids) {
    const upload = await store.getUpload(principal.tenantId, id);
    if (!upload) throw new AppError('not_found', `upload ${id} not found`);
    if (upload.uploader.role !== sender.role || upload.uploader.id !== sender.id) throw new AppError('forbidden', `upload ${id} was uploaded by someone else`);
    uploads.push(upload);
  }
  return uploads;
}

/**
 * Binds the uploads to the conversation, all or none. An upload belongs to the first conversation
 * it is sent in: sending it there again is fine, sending it elsewhere is a `conflict` (upload the
 * file again), because who may open it follows from that one conversation.
 */
export async function bindAttachments(store: Store, principal: Principal, uploads: readonly Upload[], to: { conversationId: ConversationId; visibleToVisitor: boolean }): Promise<Upload[]> {
  const outcome = await store.attachUploads(principal.tenantId, uploads.map((u) => u.id), to);
  if (outcome.kind === 'not_found') throw new AppError('not_found', `upload ${outcome.id} not found`);
  if (outcome.kind === 'elsewhere') throw new AppError('conflict', `upload ${outcome.id} was sent in another conversation; upload the file again to send it here`);
  return outcome.uploads;
}

/** Before a visitor's first message makes its conversation: no upload may belong to another one yet. */
export function assertNotSentYet(uploads: readonly Upload[]): void {
  const sent = uploads.find((u) => u.conversationId !== null);
  if (sent) throw new AppError('conflict', `upload ${sent.id} was already sent; name its conversation (conv) to send it again`);
}
