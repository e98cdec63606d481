// The signed links of uploads: what `url` in an upload's answer and in a message's attachments is.
import type { UrlSigner } from '../auth/url-signer.js';
import type { TenantId } from '../domain/ids.js';
import { attachmentOf, type Attachment, type Upload } from '../domain/upload.js';

/** What a link's signature covers: the tenant and the upload, so that one link opens one file. */
export function uploadResource(tenantId: TenantId | string, uploadId: string): string {
  return `upload:${tenantId}:${uploadId}`;
}

/**
 * `/api/v1/uploads/<id>?t=<tenant>&exp=<s>&sig=<mac>`, relative to the server's base URL: the
 * same link works behind any proxy, and the widget resolves it against the server it talks to.
 */
export function signedUploadUrl(urls: UrlSigner, upload: Upload, nowMs: number): string {
  const { exp, sig } = urls.sign(uploadResource(upload.tenantId, upload.id), nowMs);
  const query = new URLSearchParams({ t: upload.tenantId, exp: String(exp), sig });
  return `/api/v1/uploads/${encodeURIComponent(upload.id)}?${query.toString()}`;
}

export function attachmentWithLink(urls: UrlSigner, upload: Upload, nowMs: number): Attachment {
  return attachmentOf(upload, signedUploadUrl(urls, upload, nowMs));
}
