/**
 * The engine's own store (DESIGN.md §4): one SQLite file per session at
 * `.loop/sessions/<s>/engine/engine.db`, WAL, synchronous=NORMAL, busy_timeout, migrations
 * applied on open. The only importer of better-sqlite3 besides the repositories beside it.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { MIGRATIONS } from './migrations.js';

export type Db = Database.Database;

/**
 * Open (creating if needed) and migrate the store.
 * @throws Error when the file is not a SQLite database or a migration fails (nothing half-applied).
 */
export function openDb(file: string, opts: { readonly?: boolean } = {}): Db {
  if (opts.readonly) {
    // A dry run reads the store and must not change it: any write throws (a bug, loudly).
    const db = new Database(file, { readonly: true, fileMustExist: true });
    db.pragma('busy_timeout = 5000');
    const v = db.pragma('user_version', { simple: true }) as number;
    if (v < MIGRATIONS[MIGRATIONS.length - 1]!.version) { db.close(); throw new Error(`the engine store ${file} is from an older release; run a cycle without --dry-run once to migrate it`); }
    return db;
  }
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  // Each migration runs in an IMMEDIATE transaction that re-reads user_version under the write
  // lock, so two processes opening a fresh store at the same instant (two daemons racing over a
  // stale pid file, a CLI beside the daemon) apply it exactly once.
  for (const m of MIGRATIONS) {
    db.transaction(() => {
      if ((db.pragma('user_version', { simple: true }) as number) >= m.version) return;
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
  }
  return db;
}
