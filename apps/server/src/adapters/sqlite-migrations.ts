// Applies the schema's migrations (sqlite-schema) in order on open, each in its own transaction,
// and keeps the store's identity.
import { randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { StoreIdentity } from '../ports/store.js';
import { migrations } from './sqlite-schema.js';
import { registerSearchFunctions } from './sqlite-search.js';

/**
 * Brings the schema up to date. Safe when several processes open the same file at once.
 * Registers the search functions on the connection first: migration 3 fills the search index.
 */
export function migrate(db: Database.Database, nowIso: string): void {
  registerSearchFunctions(db);
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL) STRICT');
  const isApplied = db.prepare<[number], number>('SELECT 1 FROM schema_migrations WHERE version = ?').pluck();
  const record = db.prepare<[number, string]>('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)');
  migrations.forEach((sql, index) => {
    const version = index + 1;
    // IMMEDIATE takes the write lock before the check, so two processes cannot both apply a version.
    db.transaction(() => {
      if (isApplied.get(version) !== undefined) return;
      db.exec(sql);
      record.run(version, nowIso);
    }).immediate();
  });
}

/** The store's identity, made once with the database and kept for its life. */
export function ensureIdentity(db: Database.Database): StoreIdentity {
  const insert = db.prepare<[string, string]>('INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)');
  const read = db.prepare<[string], string>('SELECT value FROM meta WHERE key = ?').pluck();
  return db
    .transaction((): StoreIdentity => {
      insert.run('epoch', randomBytes(12).toString('base64url'));
      insert.run('secret', randomBytes(32).toString('base64url'));
      const epoch = read.get('epoch');
      const secret = read.get('secret');
      if (epoch === undefined || secret === undefined) throw new Error('meta table lost its identity');
      return { epoch, secret };
    })
    .immediate();
}
