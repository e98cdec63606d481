// Micro-benchmark behind FINDINGS.md: the visitor hello's conversation list (by contact) against
// the number of conversations in the tenant, with the server's schema as built, and with an index
// that serves the query's ORDER BY. Usage: node bench/dist/tools/visitor-hello-scan.js
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { SERVER_MAIN } from '../lib/paths.js';

interface Store {
  createTenant(name: string): Promise<{ id: string }>;
  createInbox(tenantId: string, inbox: object): Promise<{ id: string }>;
  createContact(tenantId: string, contact: object): Promise<{ id: string }>;
  append(draft: object): Promise<unknown>;
  listConversations(tenantId: string, filter: object): Promise<unknown[]>;
  close(): Promise<void>;
}

const SIZES = [1000, 10_000, 30_000];
const adapter = pathToFileURL(path.join(path.dirname(SERVER_MAIN), 'adapters', 'sqlite-store.js')).href;
const { SqliteStore } = (await import(adapter)) as { SqliteStore: { open(o: { path: string }): Store } };

for (const withIndex of [false, true]) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kefu-hello-scan-'));
  try {
    const file = path.join(dir, 'kefu.sqlite');
    // Migrate first, add the index (if asked) before the store prepares its statements.
    await SqliteStore.open({ path: file }).close();
    if (withIndex) {
      const db = new Database(file);
      db.exec('CREATE INDEX conversations_by_contact_update ON conversations (tenant_id, contact_id, updated_at DESC, id DESC)');
      db.close();
    }
    const store = SqliteStore.open({ path: file });
    const tenant = await store.createTenant('Bench');
    const inbox = await store.createInbox(tenant.id, { name: 'W', widgetKey: 'wk', identitySecret: 'secret', requireIdentity: false, settings: {} });
    const contacts: string[] = [];
    for (const size of SIZES) {
      while (contacts.length < size) {
        await Promise.all(
          Array.from({ length: 500 }, async () => {
            const contact = await store.createContact(tenant.id, { inboxId: inbox.id });
            contacts.push(contact.id);
            await store.append({ tenantId: tenant.id, target: { inboxId: inbox.id, contactId: contact.id, statusIfNew: 'queued' }, sender: { role: 'visitor', id: contact.id }, clientMsgId: 'first', kind: 'text', text: 'hi' });
          }),
        );
      }
      const rounds = 200;
      const started = performance.now();
      for (let i = 0; i < rounds; i++) await store.listConversations(tenant.id, { contactId: contacts[(i * 37) % contacts.length], limit: 50 });
      const us = ((performance.now() - started) * 1000) / rounds;
      process.stdout.write(`${withIndex ? 'with (tenant_id, contact_id, updated_at) index' : 'schema as built'}: ${contacts.length} conversations → ${us.toFixed(0)} µs per visitor-hello list\n`);
    }
    await store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
