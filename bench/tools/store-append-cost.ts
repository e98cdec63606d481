// Micro-benchmark behind FINDINGS.md: CPU per durable append of Kefu's SqliteStore (the built
// adapter, as the server runs it) against the durable baseline's journal, same disk, same batching.
// Usage: node bench/dist/tools/store-append-cost.js [batch=50] [appends=20000]
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { SqliteJournal } from '../baselines/sqlite-journal.js';
import { SERVER_MAIN } from '../lib/paths.js';

// The few members of the server's SqliteStore this tool calls (the built JS has no type declarations).
interface Store {
  createTenant(name: string): Promise<{ id: string }>;
  createInbox(tenantId: string, inbox: object): Promise<{ id: string }>;
  createContact(tenantId: string, contact: object): Promise<{ id: string }>;
  append(draft: object): Promise<{ conversation: { id: string } }>;
  close(): Promise<void>;
}

const batch = Number(process.argv[2] ?? 50);
const total = Number(process.argv[3] ?? 20_000);
const CONVERSATIONS = 1000;

function perOp(label: string, started: number, cpu: NodeJS.CpuUsage): void {
  const wallUs = ((performance.now() - started) * 1000) / total;
  process.stdout.write(`${label}: ${wallUs.toFixed(0)} µs wall, ${(cpu.user / total).toFixed(0)} µs user + ${(cpu.system / total).toFixed(0)} µs system CPU per append\n`);
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'kefu-append-cost-'));
try {
  const adapter = pathToFileURL(path.join(path.dirname(SERVER_MAIN), 'adapters', 'sqlite-store.js')).href;
  const { SqliteStore } = (await import(adapter)) as { SqliteStore: { open(o: { path: string }): Store } };
  const store = SqliteStore.open({ path: path.join(dir, 'kefu.sqlite') });
  const tenant = await store.createTenant('Bench');
  const inbox = await store.createInbox(tenant.id, { name: 'W', widgetKey: 'wk', identitySecret: 'secret', requireIdentity: false, settings: {} });
  const pairs: Array<{ contact: string; conv: string }> = [];
  for (let i = 0; i < CONVERSATIONS; i++) {
    const contact = await store.createContact(tenant.id, { inboxId: inbox.id });
    const first = await store.append({ tenantId: tenant.id, target: { inboxId: inbox.id, contactId: contact.id, statusIfNew: 'queued' }, sender: { role: 'visitor', id: contact.id }, clientMsgId: 'first', kind: 'text', text: 'hi' });
    pairs.push({ contact: contact.id, conv: first.conversation.id });
  }

  let cpu = process.cpuUsage();
  let started = performance.now();
  for (let i = 0; i < total; i += batch) {
    await Promise.all(
      Array.from({ length: batch }, (_, k) => {
        const { contact, conv } = pairs[(i + k) % CONVERSATIONS]!;
        return store.append({ tenantId: tenant.id, target: { conversationId: conv }, sender: { role: 'visitor', id: contact }, clientMsgId: `m${i + k}`, kind: 'text', text: `message ${i + k}` });
      }),
    );
  }
  perOp(`kefu SqliteStore.append (batches of ${batch})`, started, process.cpuUsage(cpu));
  await store.close();

  const journal = new SqliteJournal(path.join(dir, 'baseline.sqlite'));
  cpu = process.cpuUsage();
  started = performance.now();
  for (let i = 0; i < total; i += batch) {
    await Promise.all(
      Array.from({ length: batch }, (_, k) => new Promise((resolve) => journal.append({ conv: `c${(i + k) % CONVERSATIONS}`, senderId: `v${(i + k) % CONVERSATIONS}`, clientId: `m${i + k}`, text: `message ${i + k}` }, resolve))),
    );
  }
  perOp(`durable-ws SqliteJournal.append (batches of ${batch})`, started, process.cpuUsage(cpu));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
