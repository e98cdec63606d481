import { describe, expect, it } from 'vitest';
import { contentDisposition, downloadName, FILE_TYPES } from './file-types.js';
import { asContactId, asConversationId, asTenantId, asAgentId, asInboxId } from './ids.js';
import type { Conversation } from './model.js';
import type { Principal } from './principal.js';
import { asUploadId, canReadUpload, displayName, MAX_NAME_CHARS, type Upload } from './upload.js';

describe('displayName', () => {
  it('keeps a name as given, without directories, control or direction-changing characters', () => {
    expect(displayName('发票 2025.pdf')).toBe('发票 2025.pdf');
    expect(displayName('C:\\Users\\ann\\photo.jpg')).toBe('photo.jpg');
    expect(displayName('../../etc/passwd')).toBe('passwd');
    expect(displayName('invoice\u202Egnp.exe')).toBe('invoicegnp.exe');
    expect(displayName('a\u0000b\r\nc\t d.txt')).toBe('abc d.txt');
  });

  it('shortens a long name and names a nameless file', () => {
    expect([...displayName('长'.repeat(400))]).toHaveLength(MAX_NAME_CHARS);
    for (const name of ['', '   ', '..', '/', '\u202E']) expect(displayName(name)).toBe('file');
  });
});

describe('downloads', () => {
  it('keeps an extension that matches the type, and adds the type’s own otherwise', () => {
    expect(downloadName('photo.JPG', FILE_TYPES.jpeg)).toBe('photo.JPG');
    expect(downloadName('photo.png', FILE_TYPES.jpeg)).toBe('photo.png.jpg');
    expect(downloadName('notes.csv', FILE_TYPES.text)).toBe('notes.csv');
    expect(downloadName('page.html', FILE_TYPES.text)).toBe('page.html.txt');
    expect(downloadName('README', FILE_TYPES.text)).toBe('README.txt');
  });

  it('shows images and PDFs inline, downloads the rest, and spells any name as RFC 5987 wants', () => {
    expect(contentDisposition('a.png', FILE_TYPES.png)).toBe(`inline; filename="a.png"; filename*=UTF-8''a.png`);
    expect(contentDisposition('报价 "final" (2).docx', FILE_TYPES.docx)).toBe(
      `attachment; filename="__ _final_ (2).docx"; filename*=UTF-8''%E6%8A%A5%E4%BB%B7%20%22final%22%20%282%29.docx`,
    );
  });
});

describe('canReadUpload', () => {
  const tenantId = asTenantId('t1');
  const ann = asContactId('ann');
  const conversation = { id: asConversationId('c1'), tenantId, contactId: ann } as Conversation;
  const upload = (over: Partial<Upload>): Upload => ({
    id: asUploadId('u1'),
    tenantId,
    uploader: { role: 'agent', id: 'bo' },
    name: 'a.png',
    contentType: 'image/png',
    size: 1,
    sha256: '',
    blobKey: '',
    conversationId: conversation.id,
    visibleToVisitor: true,
    createdAt: '',
    ...over,
  });
  const visitor = (contactId: string): Principal => ({ role: 'visitor', tenantId, inboxId: asInboxId('i1'), contactId: asContactId(contactId), name: null, ip: null });
  const agent: Principal = { role: 'agent', tenantId, agentId: asAgentId('cy'), agentRole: 'agent', name: 'Cy' };

  it('lets any agent of the tenant read, and hides another tenant’s upload', () => {
    expect(canReadUpload(agent, upload({ conversationId: null }), null)).toBe('yes');
    expect(canReadUpload({ ...agent, tenantId: asTenantId('t2') }, upload({}), conversation)).toBe('not_found');
  });

  it('lets a visitor read their own uploads and files sent to them, but not files in notes or others’ conversations', () => {
    expect(canReadUpload(visitor('ann'), upload({ uploader: { role: 'visitor', id: 'ann' }, conversationId: null }), null)).toBe('yes');
    expect(canReadUpload(visitor('ann'), upload({}), conversation)).toBe('yes');
    expect(canReadUpload(visitor('ann'), upload({ visibleToVisitor: false }), conversation)).toBe('forbidden');
    expect(canReadUpload(visitor('eve'), upload({}), conversation)).toBe('forbidden');
    expect(canReadUpload(visitor('ann'), upload({ conversationId: null }), null)).toBe('forbidden');
  });
});
