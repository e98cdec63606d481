// Use case: someone opens an uploaded file, with their own credentials or with a signed link.
import type { UrlSigner } from '../auth/url-signer.js';
import { AppError } from '../domain/app-error.js';
import { asTenantId } from '../domain/ids.js';
import type { Principal } from '../domain/principal.js';
import { canReadUpload, type Upload } from '../domain/upload.js';
import type { Clock } from '../ports/clock.js';
import type { Store } from '../ports/store.js';
import { uploadResource } from './upload-links.js';

/** A principal (agent bearer token, visitor headers), or the query of a signed link. */
export type UploadAccess = { kind: 'principal'; principal: Principal } | { kind: 'link'; tenantId: string; exp?: string; sig?: string };

/**
 * The upload, if the access may read it. A link is checked before the store is asked, so that a
 * forged link learns nothing; an expired or forged one is 403. With credentials: 404 for no such
 * upload in the tenant, 403 for a visitor's look at a file that is not theirs.
 */
export async function authorizeUploadRead(ctx: { store: Store; clock: Clock; urls: UrlSigner }, access: UploadAccess, id: string): Promise<Upload> {
  if (access.kind === 'link') {
    const check = ctx.urls.check(uploadResource(access.tenantId, id), access.exp, access.sig, ctx.clock.now());
    if (check === 'expired') throw new AppError('forbidden', 'this link has expired; ask for the file again');
    if (check === 'invalid') throw new AppError('forbidden', 'this link is not valid');
    const upload = await ctx.store.getUpload(asTenantId(access.tenantId), id);
    if (!upload) throw new AppError('not_found', `upload ${id} not found`);
    return upload;
  }
  const { principal } = access;
  const upload = await ctx.store.getUpload(principal.tenantId, id);
  if (!upload) throw new AppError('not_found', `upload ${id} not found`);
  const conversation = upload.conversationId ? await ctx.store.getConversation(principal.tenantId, upload.conversationId) : null;
  const verdict = canReadUpload(principal, upload, conversation);
  if (verdict === 'not_found') throw new AppError('not_found', `upload ${id} not found`);
  if (verdict === 'forbidden') throw new AppError('forbidden', `upload ${id} is not yours to open`);
  return upload;
}
