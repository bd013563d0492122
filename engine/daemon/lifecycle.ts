/**
 * Daemon identity and the singleton rule (spec/engine.md §12.1, DESIGN.md §5): one daemon per
 * project and session, enforced by lock.ts (the pid file is informational). `daemon.json`
 * records pid, start time, socket, protocol version and a hash of the installed code.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../substrate/pkg.js';
import { writeJsonAtomic } from '../../substrate/files/atomic.js';
import { PROTOCOL_VERSION } from '../protocol/methods.js';
import type { EnginePaths } from '../context.js';

export interface DaemonInfo { pid: number; started_at: string; socket: string; protocol_version: number; code_hash: string; session: string; project_root: string; log: string }

/** Is `pid` a live process? (EPERM counts as alive.) */
export function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 1) return false;
  try { process.kill(pid, 0); return true; } catch (e) { return (e as NodeJS.ErrnoException).code === 'EPERM'; }
}

/**
 * Is `pid` an engine daemon (not an unrelated process that inherited a recycled pid)? Reads
 * /proc/<pid>/cmdline: the argv must run the engine CLI's `watch` — the bundle `engine/bin/main.cjs`, the
 * tsc output `engine/cli/main.js` (a daemon started by an earlier install) or a bin named `engine`. Where
 * /proc is missing, a live pid is trusted.
 */
export function isEngineDaemon(pid: number): boolean {
  if (!pidAlive(pid)) return false;
  let cmd: string[];
  try { cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0'); } catch (e) { return (e as NodeJS.ErrnoException).code !== 'ENOENT' || !existsSync('/proc/self'); }
  return cmd.includes('watch') && cmd.some((a) => /engine[/\\](bin[/\\]main\.cjs|cli[/\\]main\.js)$|(^|\/)engine$/.test(a));
}

/** The recorded daemon, if its pid is alive and really is an engine daemon. */
export function runningDaemon(paths: EnginePaths): DaemonInfo | null {
  try {
    const info = JSON.parse(readFileSync(paths.daemonJson, 'utf8')) as DaemonInfo;
    return isEngineDaemon(info.pid) ? info : null;
  } catch { /* fall through to the pid file */ }
  try {
    const pid = Number(readFileSync(paths.pidFile, 'utf8').trim());
    return isEngineDaemon(pid) ? { pid, started_at: '', socket: paths.socket, protocol_version: PROTOCOL_VERSION, code_hash: '', session: '', project_root: '', log: paths.log } : null;
  } catch { return null; }
}

/**
 * The stale-code guard's hash (spec §12.8): SHA-256 over the code a daemon runs — the installed engine bundle's
 * bin and its `watch` verb file (dist/engine/bin/main.cjs, dist/engine/bin/verbs/watch.cjs; they carry every
 * engine and substrate module the daemon uses, scripts/bundle-cli.mjs), each with its relative path. First 16
 * hex digits. A file that is missing hashes as absent. Processes the daemon starts (loop, engine verify) load the
 * installed code afresh, so they are not part of it.
 */
export function codeHash(): string {
  const root = packageRoot();
  const h = createHash('sha256');
  for (const rel of ['dist/engine/bin/main.cjs', 'dist/engine/bin/verbs/watch.cjs']) {
    h.update(rel).update('\0');
    try { h.update(readFileSync(join(root, rel))); } catch { h.update('(absent)'); }
    h.update('\0');
  }
  return h.digest('hex').slice(0, 16);
}

export function writeDaemonInfo(paths: EnginePaths, info: DaemonInfo): void {
  writeJsonAtomic(paths.daemonJson, info);
}

/** The recorded daemon.json, or null. */
export function readDaemonInfo(paths: EnginePaths): DaemonInfo | null {
  try { return JSON.parse(readFileSync(paths.daemonJson, 'utf8')) as DaemonInfo; } catch { return null; }
}

export function clearDaemonInfo(paths: EnginePaths): void {
  try { const i = JSON.parse(readFileSync(paths.daemonJson, 'utf8')) as DaemonInfo; if (i.pid === process.pid) rmSync(paths.daemonJson, { force: true }); } catch { /* nothing to clear */ }
}
