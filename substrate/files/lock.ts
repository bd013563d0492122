/**
 * A small cross-process lock for read-modify-write of shared wiki pages (spec/wiki-tasks-pm-deck.md
 * §2.3): `<path>.lock` created with O_EXCL holding `<pid> <epoch ms>`. Optimistic re-checks alone
 * cannot make two writers' rename-based writes commute (the check and the rename are two steps), so
 * every loopdeck writer of a page takes this lock around its read-compose-write. Re-entrant within
 * a process (the same path locked again by nested code proceeds). A lock whose process is gone or
 * that is older than `staleMs` is broken.
 */
import { openSync, writeSync, closeSync, readFileSync, unlinkSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { LoopError } from '../errors.js';

const held = new Map<string, number>();
const sleeper = new Int32Array(new SharedArrayBuffer(4));

function alive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch (e) { return (e as NodeJS.ErrnoException).code === 'EPERM'; }
}

/** Try to remove a stale lock; true when it was removed (or already gone). */
function breakIfStale(lock: string, staleMs: number): boolean {
  let text: string;
  try { text = readFileSync(lock, 'utf8'); } catch { return true; }
  const [pidText, atText] = text.trim().split(' ');
  const pid = Number(pidText); const at = Number(atText);
  const stale = !Number.isInteger(pid) || pid <= 0 || (pid !== process.pid && !alive(pid)) || !Number.isFinite(at) || Date.now() - at > staleMs;
  if (!stale) return false;
  try { if (readFileSync(lock, 'utf8') === text) unlinkSync(lock); } catch { /* someone else broke it */ }
  return true;
}

/**
 * Run `fn` holding the lock of `path`. Waits (polling every 5 ms, blocking the thread) up to
 * `timeoutMs` (default 10 s). Throws LoopError `lock-timeout` naming the lock file when it cannot
 * be taken, `write-failed` when the lock cannot be created for another reason; rethrows `fn`'s errors
 * after releasing the lock.
 */
export function withFileLock<T>(path: string, fn: () => T, opts: { timeoutMs?: number; staleMs?: number } = {}): T {
  const lock = `${path}.lock`;
  const depth = held.get(lock) ?? 0;
  if (depth > 0) { held.set(lock, depth + 1); try { return fn(); } finally { held.set(lock, depth); } }
  const deadline = Date.now() + (opts.timeoutMs ?? 10_000);
  const mine = `${process.pid} ${Date.now()}`;
  for (;;) {
    try {
      mkdirSync(dirname(lock), { recursive: true });
      const fd = openSync(lock, 'wx', 0o644);
      try { writeSync(fd, mine); } finally { closeSync(fd); }
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw new LoopError('write-failed', `cannot create lock ${lock}: ${(e as Error).message}`, { cause: e });
      if (breakIfStale(lock, opts.staleMs ?? 30_000)) continue;
      if (Date.now() > deadline) throw new LoopError('lock-timeout', `${lock} is held by another writer`, { hint: 'retry; remove the lock file only if no loopdeck process is writing the wiki' });
      Atomics.wait(sleeper, 0, 0, 5);
    }
  }
  held.set(lock, 1);
  try { return fn(); } finally {
    held.delete(lock);
    try { if (readFileSync(lock, 'utf8') === mine) unlinkSync(lock); } catch { /* already gone */ }
  }
}
