// Baseline 2: the bare router plus a SQLite append (WAL, synchronous=FULL, grouped per tick) before
// `sent` and the relay, the least a server that never loses an acknowledged message can do.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Router } from './router.js';
import { SqliteJournal } from './sqlite-journal.js';
import { serveWs } from './ws-transport.js';

const dir = process.env.BENCH_DATA_DIR ?? '.';
mkdirSync(dir, { recursive: true });
serveWs(new Router(new SqliteJournal(path.join(dir, 'durable-baseline.sqlite'))), Number(process.env.BENCH_PORT ?? 0));
