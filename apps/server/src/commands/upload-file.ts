// Use case: a visitor or an agent uploads a file. Its type is judged by its content as it streams
// to the blob store; only an allowed type is kept and recorded.
import type { UrlSigner } from '../auth/url-signer.js';
import { AppError } from '../domain/app-error.js';
import { ContentSniffer } from '../domain/content-sniff.js';
import type { FileType } from '../domain/file-types.js';
import type { Principal } from '../domain/principal.js';
import { displayName, type Upload } from '../domain/upload.js';
import type { BlobRef, BlobStore } from '../ports/blob-store.js';
import type { Clock } from '../ports/clock.js';
import type { Store } from '../ports/store.js';
import { isVisitorBlocked } from './visitor-gate.js';

export interface UploadDeps {
  store: Store;
  blobs: BlobStore;
  clock: Clock;
  urls: UrlSigner;
}

export type ReceiveOutcome =
  | { kind: 'stored'; blob: BlobRef; type: FileType }
  | { kind: 'too_large'; maxBytes: number }
  /** A type we do not accept; `detected` says what it is. */
  | { kind: 'refused'; detected: string }
  | { kind: 'empty' };

/**
 * A blocked visitor may not upload: their messages are kept out of sight, but a file costs disk,
 * and blocking is what an admin does against abuse.
 */
export async function assertMayUpload(store: Store, principal: Principal): Promise<void> {
  if (principal.role === 'visitor' && (await isVisitorBlocked(store, principal))) throw new AppError('forbidden', 'uploads are not available');
}

/**
 * Streams `content` into the blob store while its type is judged. Over `maxBytes`: nothing was
 * kept. Refused or empty: what was written is deleted before this answers. Stored: the caller
 * records it (`recordUpload`) or deletes it.
 */
export async function receiveFile(blobs: BlobStore, content: AsyncIterable<Uint8Array>, maxBytes: number): Promise<ReceiveOutcome> {
  const sniffer = new ContentSniffer();
  async function* judged(): AsyncGenerator<Uint8Array> {
    for await (const chunk of content) {
      sniffer.update(chunk);
      yield chunk;
    }
  }
  const put = await blobs.put(judged(), { maxBytes });
  if (put.kind === 'too_large') return put;
  const verdict = sniffer.finish();
  if (verdict.kind === 'allowed') return { kind: 'stored', blob: put.blob, type: verdict.type };
  await blobs.delete(put.blob.key);
  return verdict;
}

/** Records a stored file as the principal's upload; if the record cannot be made, the content goes too. */
export async function recordUpload(deps: Pick<UploadDeps, 'store' | 'blobs'>, principal: Principal, givenName: string, file: { blob: BlobRef; type: FileType }): Promise<Upload> {
  const uploader = principal.role === 'visitor' ? { role: 'visitor' as const, id: principal.contactId } : { role: 'agent' as const, id: principal.agentId };
  try {
    return await deps.store.createUpload(principal.tenantId, {
      uploader,
      name: displayName(givenName),
      contentType: file.type.mime,
      size: file.blob.size,
      sha256: file.blob.sha256,
      blobKey: file.blob.key,
    });
  } catch (error) {
    await deps.blobs.delete(file.blob.key).catch(() => undefined);
    throw error;
  }
}
