/**
 * The digest's `processed_count` cache (issue 3 item 12: `loop digest --json` ≤ 200 ms as a process with 20,000
 * processed messages). Listing `processed/` costs ~35–60 ms cold; the count only changes when the directory does,
 * so it is kept per directory, keyed by the directory's identity and change stamps (dev, ino, size, mtime and ctime
 * in ns). A count is recorded only when those stamps are at least {@link RACY_MS} older than the moment the listing
 * started (git's "racy" rule): an entry added in the same clock tick as a listing can then never hide behind
 * unchanged stamps. Any changed stamp means a fresh listing.
 *
 * The cache lives outside the project: `$LOOPDECK_CACHE_DIR`, else `$XDG_CACHE_HOME/loopdeck` (absolute only), else
 * `~/.cache/loopdeck`; one small JSON file per directory, named from a hash of its absolute path. It is disposable:
 * every read or write failure is ignored, and a file of the wrong shape or for another path is a miss. Writes are
 * temp + rename without fsync (atomic.ts's helpers load node:crypto, ~7 ms cold; a crash can only leave an old or
 * empty file, both a miss).
 */
import { closeSync, mkdirSync, openSync, readFileSync, readdirSync, renameSync, statSync, unlinkSync, writeSync, type Dirent } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';

/** Stamps must be this much older than the listing's start before a count is recorded (covers 2 s-granular filesystems). */
export const RACY_MS = 2000;

/** The cache directory (see the module doc); null when none can be named (no home). */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.LOOPDECK_CACHE_DIR) return resolve(env.LOOPDECK_CACHE_DIR);
  if (env.XDG_CACHE_HOME && isAbsolute(env.XDG_CACHE_HOME)) return join(env.XDG_CACHE_HOME, 'loopdeck');
  try { const h = homedir(); return h ? join(h, '.cache', 'loopdeck') : null; } catch { return null; }
}

/** 64-bit FNV-1a of a string's UTF-16 units, as 16 hex digits (a file name, not a security boundary: the path is stored and checked). */
function hash(s: string): string {
  let h1 = 0x811c9dc5, h2 = 0x050c5d1f;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c ^ (h1 >>> 7), 0x01000193) >>> 0;
  }
  return h1.toString(16).padStart(8, '0') + h2.toString(16).padStart(8, '0');
}

interface Entry { v: 1; dir: string; stamp: string; count: number }

/** Identity and change stamps of a directory, or null when it cannot be stat-ed. Also returns mtime/ctime in ns. */
function stampOf(dir: string): { stamp: string; newest: bigint } | null {
  try {
    const s = statSync(dir, { bigint: true });
    return { stamp: `${s.dev}:${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`, newest: s.mtimeNs > s.ctimeNs ? s.mtimeNs : s.ctimeNs };
  } catch { return null; }
}

function readEntry(file: string, dir: string): Entry | null {
  try {
    const v = JSON.parse(readFileSync(file, 'utf8')) as Partial<Entry> | null;
    if (!v || typeof v !== 'object' || v.v !== 1 || v.dir !== dir || typeof v.stamp !== 'string') return null;
    if (typeof v.count !== 'number' || !Number.isSafeInteger(v.count) || v.count < 0) return null;
    return v as Entry;
  } catch { return null; }
}

function writeEntry(cache: string, file: string, e: Entry): void {
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    mkdirSync(cache, { recursive: true, mode: 0o700 });
    const fd = openSync(tmp, 'wx', 0o600);
    try { writeSync(fd, JSON.stringify(e) + '\n'); } finally { closeSync(fd); }
    renameSync(tmp, file);
  } catch {
    try { unlinkSync(tmp); } catch { /* never created */ }
  }
}

/** How the caller counts a directory's listing; `cacheable` false (e.g. a symlink whose target may change) skips recording. */
export type Counter = (entries: Dirent[]) => { count: number; cacheable: boolean };

/**
 * Count entries of `dir` with `counter`, through the cache described in the module doc. A missing or unreadable
 * directory counts 0 (never recorded). `opts.now` (epoch ms, default Date.now) and `opts.env` exist for tests.
 * Never throws; the result is always that of a listing of the directory's current state.
 */
export function cachedCount(dir: string, counter: Counter, opts: { now?: () => number; env?: NodeJS.ProcessEnv } = {}): number {
  const abs = resolve(dir);
  const cache = cacheDir(opts.env);
  const file = cache ? join(cache, `count-${hash(abs)}.json`) : null;
  const before = stampOf(abs);
  if (!before) return 0;
  const hit = file ? readEntry(file, abs) : null;
  if (hit && hit.stamp === before.stamp) return hit.count;
  const start = BigInt(Math.floor((opts.now ?? Date.now)())) * 1_000_000n;
  let entries: Dirent[];
  try { entries = readdirSync(abs, { withFileTypes: true }); } catch { return 0; }
  const { count, cacheable } = counter(entries);
  const after = stampOf(abs);
  if (file && cache && cacheable && after && after.stamp === before.stamp && after.newest <= start - BigInt(RACY_MS) * 1_000_000n) {
    writeEntry(cache, file, { v: 1, dir: abs, stamp: after.stamp, count });
  }
  return count;
}
