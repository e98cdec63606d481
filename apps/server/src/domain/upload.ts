// An uploaded file as the store keeps it, what a message carries of it, and who may read it.
import type { Brand, ConversationId, TenantId } from './ids.js';
import type { Conversation } from './model.js';
import type { Principal } from './principal.js';

export type UploadId = Brand<string, 'UploadId'>;
export const asUploadId = (s: string): UploadId => s as UploadId;

export interface Uploader {
  role: 'visitor' | 'agent';
  id: string;
}

export interface Upload {
  id: UploadId;
  tenantId: TenantId;
  uploader: Uploader;
  /** The name the client gave, cleaned for display (`displayName`); never used as a path. */
  name: string;
  /** Detected from the content (content-sniff.ts), never taken from the client. */
  contentType: string;
  /** Bytes. */
  size: number;
  /** SHA-256 of the content, hex. */
  sha256: string;
  /** Where the blob store keeps the content. */
  blobKey: string;
  /** The conversation it was first sent in; null until it is sent. */
  conversationId: ConversationId | null;
  /** True once it was sent in a message the visitor sees; a file sent only in notes stays false. */
  visibleToVisitor: boolean;
  createdAt: string;
}

/** One file of a message (`data.attachments[]`) and the answer of the upload API. */
export interface Attachment {
  id: string;
  name: string;
  type: string;
  size: number;
  /** A signed, expiring link to the content, relative to the server's base URL. */
  url: string;
}

export function attachmentOf(upload: Upload, url: string): Attachment {
  return { id: upload.id, name: upload.name, type: upload.contentType, size: upload.size, url };
}

/** Longest name kept, in characters. */
export const MAX_NAME_CHARS = 255;

/**
 * The client's file name made safe to show: no directories, no control or bidirectional-override
 * characters (which can make `exe.png` read as `png.exe`), one space for any run of white space,
 * at most MAX_NAME_CHARS characters. `file` when nothing is left.
 */
export function displayName(raw: string): string {
  const base = raw.split(/[\\/]/).pop() ?? '';
  const cleaned = base
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}\u2028\u2029]/gu, '')
    .replace(/\s+/gu, ' ')
    .trim();
  const chars = [...cleaned];
  const name = chars.length > MAX_NAME_CHARS ? chars.slice(0, MAX_NAME_CHARS).join('').trimEnd() : cleaned;
  return name === '' || name === '.' || name === '..' ? 'file' : name;
}

/**
 * Who may read an upload's content with their own credentials. An agent: any upload of the tenant.
 * A visitor: their own uploads, and files sent to them in their conversation (not in a note).
 * Another tenant's upload is invisible, not forbidden, so that its existence does not leak.
 * `conversation` is the upload's conversation, if it was sent.
 */
export function canReadUpload(principal: Principal, upload: Upload, conversation: Conversation | null): 'yes' | 'forbidden' | 'not_found' {
  if (upload.tenantId !== principal.tenantId) return 'not_found';
  if (principal.role === 'agent') return 'yes';
  if (upload.uploader.role === 'visitor' && upload.uploader.id === principal.contactId) return 'yes';
  const sentToThem = upload.visibleToVisitor && conversation !== null && conversation.id === upload.conversationId && conversation.contactId === principal.contactId;
  return sentToThem ? 'yes' : 'forbidden';
}
