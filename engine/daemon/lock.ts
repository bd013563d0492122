/**
 * The daemon singleton lock (spec/engine.md §12.1, issue 4 item 8): one daemon per project and
 * session, airtight even when two start at the same instant over a stale pid file.
 *
 * - Linux: the lock is a listening socket in the abstract namespace (`\0loopdeck-lock-<uid>-<hash>`).
 *   The kernel grants the name to exactly one process and frees it when that process dies — even
 *   by `kill -9` — so there is no stale state to take over and no take-over race. The listening
 *   fd is close-on-exec (libuv), so brain CLIs and detached runners never inherit it.
 * - Elsewhere: an O_EXCL-style link lock on `engine.pid` plus a take-over lock (`engine.pid.takeover`)
 *   that serialises the removal of a dead holder's file, with an identity check (the pid file must
 *   name us after we link it).
 *
 * The pid file is written (atomically) only once the lock is held; it stays informational.
 */
import { createServer, type Server } from 'node:net';
import { createHash } from 'node:crypto';
import { closeSync, linkSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { writeFileAtomic } from '../../substrate/files/atomic.js';
import { LoopError } from '../../substrate/errors.js';
import type { EnginePaths } from '../context.js';
import { pidAlive, isEngineDaemon } from './lifecycle.js';

export interface DaemonLock { release: () => void; kind: 'abstract-socket' | 'link' }

/** The abstract socket name guarding one engine directory. */
export function lockName(engineDir: string): string {
  const uid = typeof process.getuid === 'function' ? process.getuid() : 0;
  return `\0loopdeck-lock-${uid}-${createHash('sha256').update(engineDir).digest('hex').slice(0, 24)}`;
}

function refused(paths: EnginePaths): LoopError {
  const pid = readPid(paths.pidFile);
  return new LoopError('engine-running', `engine already running for this project and session (pid ${pid ?? '?'}, socket ${paths.socket})`, { exitCode: 1, hint: 'stop it with `engine stop`, or talk to it with `engine status`' });
}

function readPid(file: string): number | null {
  try { const n = Number(readFileSync(file, 'utf8').trim()); return Number.isInteger(n) && n > 0 ? n : null; } catch { return null; }
}

/**
 * Take the singleton lock, then write our pid file.
 * @throws LoopError engine-running (exit 1) when another daemon holds it.
 */
export async function acquireDaemonLock(paths: EnginePaths, platform = process.platform): Promise<DaemonLock> {
  if (platform === 'linux') {
    const server: Server = createServer((s) => s.destroy());
    const ok = await new Promise<boolean>((resolve, reject) => {
      server.once('error', (e: NodeJS.ErrnoException) => (e.code === 'EADDRINUSE' ? resolve(false) : reject(e)));
      server.listen(lockName(paths.engineDir), () => resolve(true));
    });
    if (!ok) throw refused(paths);
    server.unref();
    writeFileAtomic(paths.pidFile, `${process.pid}\n`);
    return { kind: 'abstract-socket', release: () => { removeOwnPid(paths); server.close(); } };
  }
  linkLock(paths);
  return { kind: 'link', release: () => removeOwnPid(paths) };
}

function removeOwnPid(paths: EnginePaths): void {
  if (readPid(paths.pidFile) === process.pid) rmSync(paths.pidFile, { force: true });
}

/** Portable fallback: link-based pid lock with a serialised take-over of a dead holder's file. */
function linkLock(paths: EnginePaths): void {
  const tmp = `${paths.pidFile}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w', 0o600);
  writeSync(fd, `${process.pid}\n`);
  closeSync(fd);
  const takeover = `${paths.pidFile}.takeover`;
  try {
    for (let attempt = 0; attempt < 50; attempt++) {
      try { linkSync(tmp, paths.pidFile); } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        const pid = readPid(paths.pidFile);
        if (pid !== null && pid !== process.pid && isEngineDaemon(pid)) throw refused(paths);
        // A dead holder: only the process holding the take-over lock may remove its file.
        try { linkSync(tmp, takeover); } catch (e2) {
          if ((e2 as NodeJS.ErrnoException).code !== 'EEXIST') throw e2;
          const holder = readPid(takeover);
          let age = 0;
          try { age = Date.now() - statSync(takeover).mtimeMs; } catch { continue; }
          if ((holder === null || !pidAlive(holder)) && age > 10_000) rmSync(takeover, { force: true });
          continue;
        }
        try { if (readPid(paths.pidFile) === pid) rmSync(paths.pidFile, { force: true }); } finally { rmSync(takeover, { force: true }); }
        continue;
      }
      if (readPid(paths.pidFile) === process.pid) return;
    }
    throw new LoopError('engine-lock', `could not take the pid lock ${paths.pidFile}`, { exitCode: 1, hint: `remove ${paths.pidFile} if no engine runs` });
  } finally {
    rmSync(tmp, { force: true });
  }
}
