// Store contract: upload records, and the conversation each is sent in.
import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { asConversationId, asTenantId } from '../domain/ids.js';
import type { Upload } from '../domain/upload.js';
import type { Fixture, StoreTest } from './store-support.contract.js';
import type { Store } from './store.js';
import type { UploadDraft } from './upload-store.js';

const at = (minute: number) => new Date(Date.UTC(2025, 0, 6, 8, minute)).toISOString();

export function describeUploadContract(t: StoreTest): void {
  const { seed, startConversation, conversationOfNewContact } = t;

  describe('uploads', () => {
    let store: Store;
    beforeEach(() => {
      store = t.store;
    });

    const draft = (f: Fixture, name = 'receipt.png'): UploadDraft => ({
      uploader: { role: 'visitor', id: f.contact.id },
      name,
      contentType: 'image/png',
      size: 1234,
      sha256: 'ab'.repeat(32),
      blobKey: randomUUID().replaceAll('-', ''),
    });
    const upload = (f: Fixture, name?: string) => store.createUpload(f.tenant.id, draft(f, name));

    it('records an upload with a new id and the store’s time, not yet sent anywhere, and reads it back', async () => {
      const f = await seed();
      t.clock.set(at(0));
      const d = draft(f, '发票 2025.png');
      const created = await store.createUpload(f.tenant.id, d);
      expect(created).toEqual({
        ...d,
        id: expect.any(String),
        tenantId: f.tenant.id,
        conversationId: null,
        visibleToVisitor: false,
        createdAt: at(0),
      });
      expect(await store.getUpload(f.tenant.id, created.id)).toEqual(created);
      const second = await upload(f);
      expect(second.id).not.toBe(created.id);
    });

    it('finds no upload by an unknown id, nor one of another tenant', async () => {
      const f = await seed('a');
      const g = await seed('b');
      const mine = await upload(f);
      expect(await store.getUpload(g.tenant.id, mine.id)).toBeNull();
      expect(await store.getUpload(f.tenant.id, 'nope')).toBeNull();
    });

    it('refuses an upload of an unknown tenant with not_found', async () => {
      const f = await seed();
      await expect(store.createUpload(asTenantId('nope'), draft(f))).rejects.toMatchObject({ code: 'not_found' });
    });

    it('binds uploads to the conversation they are first sent in, in the order asked, and lets them be sent there again', async () => {
      const f = await seed();
      const c = await startConversation(f, 'queued');
      const [a, b] = [await upload(f, 'a.png'), await upload(f, 'b.png')];
      const first = await store.attachUploads(f.tenant.id, [b.id, a.id], { conversationId: c.id, visibleToVisitor: true });
      expect(first).toEqual({
        kind: 'attached',
        uploads: [
          { ...b, conversationId: c.id, visibleToVisitor: true },
          { ...a, conversationId: c.id, visibleToVisitor: true },
        ],
      });
      expect(await store.getUpload(f.tenant.id, a.id)).toEqual({ ...a, conversationId: c.id, visibleToVisitor: true });
      const again = await store.attachUploads(f.tenant.id, [a.id], { conversationId: c.id, visibleToVisitor: true });
      expect(again).toEqual({ kind: 'attached', uploads: [{ ...a, conversationId: c.id, visibleToVisitor: true }] });
    });

    it('refuses, all or none, to send an upload in a second conversation', async () => {
      const f = await seed();
      const c = await startConversation(f, 'queued');
      const other = await conversationOfNewContact(f, 'queued');
      const [sent, fresh] = [await upload(f), await upload(f)];
      await store.attachUploads(f.tenant.id, [sent.id], { conversationId: c.id, visibleToVisitor: true });
      const outcome = await store.attachUploads(f.tenant.id, [fresh.id, sent.id], { conversationId: other.id, visibleToVisitor: true });
      expect(outcome).toEqual({ kind: 'elsewhere', id: sent.id });
      expect(await store.getUpload(f.tenant.id, fresh.id)).toEqual(fresh);
      expect(await store.getUpload(f.tenant.id, sent.id)).toMatchObject({ conversationId: c.id });
    });

    it('answers not_found for an unknown upload or another tenant’s, and changes nothing', async () => {
      const f = await seed('a');
      const g = await seed('b');
      const c = await startConversation(f, 'queued');
      const [mine, theirs] = [await upload(f), await upload(g)];
      const to = { conversationId: c.id, visibleToVisitor: true };
      expect(await store.attachUploads(f.tenant.id, [mine.id, 'nope'], to)).toEqual({ kind: 'not_found', id: 'nope' });
      expect(await store.attachUploads(f.tenant.id, [mine.id, theirs.id], to)).toEqual({ kind: 'not_found', id: theirs.id });
      expect(await store.getUpload(f.tenant.id, mine.id)).toEqual(mine);
      expect(await store.getUpload(g.tenant.id, theirs.id)).toEqual(theirs);
    });

    it('turns visibleToVisitor on once the file is sent where the visitor sees it, and never off', async () => {
      const f = await seed();
      const c = await startConversation(f, 'queued');
      const u = await upload(f);
      const note = { conversationId: c.id, visibleToVisitor: false };
      expect(await store.attachUploads(f.tenant.id, [u.id], note)).toMatchObject({ uploads: [{ visibleToVisitor: false, conversationId: c.id }] });
      await store.attachUploads(f.tenant.id, [u.id], { conversationId: c.id, visibleToVisitor: true });
      expect(await store.attachUploads(f.tenant.id, [u.id], note)).toMatchObject({ uploads: [{ visibleToVisitor: true }] });
      expect((await store.getUpload(f.tenant.id, u.id))?.visibleToVisitor).toBe(true);
    });

    it('fails with not_found for a conversation that is not the tenant’s', async () => {
      const f = await seed('a');
      const g = await seed('b');
      const theirs = await startConversation(g, 'queued');
      const u: Upload = await upload(f);
      for (const conversationId of [theirs.id, asConversationId('nope')]) {
        await expect(store.attachUploads(f.tenant.id, [u.id], { conversationId, visibleToVisitor: true })).rejects.toMatchObject({ code: 'not_found' });
      }
      expect(await store.getUpload(f.tenant.id, u.id)).toEqual(u);
    });
  });
}
