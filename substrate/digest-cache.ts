/**
 * The digest's caches (issue 3 item 12: `loop digest --json` ≤ 200 ms as a process with 2,000 pending and 20,000
 * processed messages). Listing `processed/` costs ~35–60 ms cold; the count only changes when the directory does,
 * so it is kept per directory, keyed by the directory's identity and change stamps (dev, ino, size, mtime and ctime
 * in ns). Reading a pending message's head costs an open, fstat, read and close; its subject only changes when the
 * file does, so each one's subject is kept keyed by the file's ino, size, mtime and ctime (one stat to check).
 * Anything is recorded only when its stamps are at least {@link RACY_MS} older than the moment the reading started
 * (git's "racy" rule): a change made in the same clock tick as a reading can then never hide behind unchanged
 * stamps, since any later change stamps a later ctime. Any changed stamp means a fresh reading.
 *
 * The cache lives outside the project: `$LOOPDECK_CACHE_DIR`, else `$XDG_CACHE_HOME/loopdeck` (absolute only), else
 * `~/.cache/loopdeck`; one small JSON file per directory and kind, named from a hash of its absolute path. It is disposable:
 * every read or write failure is ignored, and a file of the wrong shape or for another path is a miss. Writes are
 * temp + rename without fsync (atomic.ts's helpers load node:crypto, ~7 ms cold; a crash can only leave an old or
 * empty file, both a miss). After a write, the files of directories that no longer exist are removed, and so are
 * temp files left by a process killed mid-write.
 */
import { closeSync, mkdirSync, openSync, readFileSync, readdirSync, readSync, renameSync, statSync, unlinkSync, writeSync, type Dirent } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';

/** Stamps must be this much older than a reading's start before its result is recorded (covers 2 s-granular filesystems). */
export const RACY_MS = 2000;

/** The cache directory (see the module doc); null when none can be named (no home). */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.LOOPDECK_CACHE_DIR) return resolve(env.LOOPDECK_CACHE_DIR);
  if (env.XDG_CACHE_HOME && isAbsolute(env.XDG_CACHE_HOME)) return join(env.XDG_CACHE_HOME, 'loopdeck');
  try { const h = homedir(); return h ? join(h, '.cache', 'loopdeck') : null; } catch { return null; }
}

/** Two 32-bit FNV-1a-style hashes of a string's UTF-16 units, as 16 hex digits (a file name only: the path is stored and checked). */
function hash(s: string): string {
  let h1 = 0x811c9dc5, h2 = 0x050c5d1f;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c ^ (h1 >>> 7), 0x01000193) >>> 0;
  }
  return h1.toString(16).padStart(8, '0') + h2.toString(16).padStart(8, '0');
}

/** `<cache dir>/<kind>-<hash of abs>.json`, or null when there is no cache dir. */
function cacheFile(kind: string, abs: string, env: NodeJS.ProcessEnv | undefined): { dir: string; file: string } | null {
  const dir = cacheDir(env);
  return dir ? { dir, file: join(dir, `${kind}-${hash(abs)}.json`) } : null;
}

/** The parsed cache file when it is a JSON object of version 1 for `abs`, else null (missing, corrupt, foreign). */
function readCache(at: { file: string } | null, abs: string): Record<string, unknown> | null {
  if (!at) return null;
  try {
    const v = JSON.parse(readFileSync(at.file, 'utf8')) as Record<string, unknown> | null;
    return v && typeof v === 'object' && !Array.isArray(v) && v.v === 1 && v.dir === abs ? v : null;
  } catch { return null; }
}

/**
 * Replace the cache file with `{"v":1,"dir":<abs>,<rest()>}` (temp + rename, no fsync: see the module doc); `rest`
 * gives the remaining members as JSON text and runs only once the temp file is open. Failures are ignored.
 */
function writeCache(at: { dir: string; file: string }, abs: string, rest: () => string): void {
  const tmp = `${at.file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    mkdirSync(at.dir, { recursive: true, mode: 0o700 });
    const fd = openSync(tmp, 'wx', 0o600);
    try { writeSync(fd, `{"v":1,"dir":${JSON.stringify(abs)},${rest()}}\n`); } finally { closeSync(fd); }
    renameSync(tmp, at.file);
  } catch {
    try { unlinkSync(tmp); } catch { /* never created */ }
    return;
  }
  prune(at.dir);
}

const OURS = /^(?:count|pending)-[0-9a-f]{16}\.json$/;
const DIR_FIELD = /^\{"v":1,"dir":("(?:[^"\\]|\\.)*")/;

/** A temp file of {@link writeCache} (`<our file>.<pid>.<random>.tmp`). */
const OUR_TMP = /^(?:count|pending)-[0-9a-f]{16}\.json\.\d+\.[0-9a-z]+\.tmp$/;
/** A temp file older than this was left by a process killed mid-write (a write takes milliseconds). */
const STALE_TMP_MS = 10 * 60_000;

/**
 * Remove the cache files of directories that no longer exist (a deleted project, a benchmark's temp dir), and our
 * temp files left by a process killed mid-write (older than {@link STALE_TMP_MS}), so the cache does not grow
 * forever. Runs after a write (rare); reads 4 KiB of each of our files. Failures are ignored.
 */
function prune(dir: string): void {
  const buf = Buffer.allocUnsafe(4096);
  let all: string[];
  try { all = readdirSync(dir); } catch { return; }
  const names = all.filter((n) => OURS.test(n));
  for (const name of all) {
    if (!OUR_TMP.test(name)) continue;
    try { const file = join(dir, name); if (Date.now() - statSync(file).mtimeMs > STALE_TMP_MS) unlinkSync(file); } catch { /* gone or not ours to remove */ }
  }
  for (const name of names) {
    const file = join(dir, name);
    try {
      const fd = openSync(file, 'r');
      let n: number;
      try { n = readSync(fd, buf, 0, buf.length, 0); } finally { closeSync(fd); }
      const m = DIR_FIELD.exec(buf.toString('utf8', 0, n));
      if (!m) continue;
      const owner = JSON.parse(m[1]!) as string;
      if (!statSync(owner, { throwIfNoEntry: false })) unlinkSync(file);
    } catch { /* leave it */ }
  }
}

/** Identity and change stamps of a directory, or null when it cannot be stat-ed; `newest` = max(mtime, ctime) in ns. */
function stampOf(dir: string): { stamp: string; newest: bigint } | null {
  try {
    const s = statSync(dir, { bigint: true });
    return { stamp: `${s.dev}:${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`, newest: s.mtimeNs > s.ctimeNs ? s.mtimeNs : s.ctimeNs };
  } catch { return null; }
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
  const at = cacheFile('count', abs, opts.env);
  const before = stampOf(abs);
  if (!before) return 0;
  const hit = readCache(at, abs);
  if (hit && hit.stamp === before.stamp && typeof hit.count === 'number' && Number.isSafeInteger(hit.count) && hit.count >= 0) return hit.count;
  const start = BigInt(Math.floor((opts.now ?? Date.now)())) * 1_000_000n;
  let entries: Dirent[];
  try { entries = readdirSync(abs, { withFileTypes: true }); } catch { return 0; }
  const { count, cacheable } = counter(entries);
  const after = stampOf(abs);
  if (at && cacheable && after && after.stamp === before.stamp && after.newest <= start - BigInt(RACY_MS) * 1_000_000n) {
    writeCache(at, abs, () => `"stamp":${JSON.stringify(after.stamp)},"count":${count}`);
  }
  return count;
}

/** The stamps a pending message's cached head is checked against (from a number-valued stat; see the module doc). */
export interface FileStamps { ino: number; size: number; mtimeMs: number; ctimeMs: number }
/** What a message's head said: its subject (`""` when none) and its problem (content-derived only). */
export interface HeadFacts { subject: string; problem: string | null }
type Row = [number, number, number, number, string, string | null];

/**
 * The per-message head cache of one mailbox directory. `lookup` answers only for an entry of the right shape whose
 * stamps all equal the file's; `record` keeps facts only for stamps older than the racy window; `save` rewrites the
 * file when anything was recorded or dropped (entries of files not looked up are dropped). Never throws.
 */
export class HeadCache {
  private readonly at: { dir: string; file: string } | null;
  private readonly old: Record<string, unknown>;
  private readonly next = new Map<string, Row>();
  private dirty = false;
  private readonly settled: number;

  /** `opts.now` (epoch ms) and `opts.env` exist for tests. */
  constructor(private readonly abs: string, opts: { now?: () => number; env?: NodeJS.ProcessEnv } = {}) {
    this.at = cacheFile('pending', abs, opts.env);
    const files = readCache(this.at, abs)?.files;
    this.old = files && typeof files === 'object' && !Array.isArray(files) ? (files as Record<string, unknown>) : {};
    this.settled = (opts.now ?? Date.now)() - RACY_MS;
  }

  /** Whether `name` has an entry at all (none: the file is read without a stat first). */
  has(name: string): boolean {
    return Object.hasOwn(this.old, name);
  }

  lookup(name: string, st: FileStamps): HeadFacts | null {
    const r = Object.hasOwn(this.old, name) ? this.old[name] : undefined;
    if (!Array.isArray(r) || r.length !== 6 || r[0] !== st.ino || r[1] !== st.size || r[2] !== st.mtimeMs || r[3] !== st.ctimeMs) return null;
    if (typeof r[4] !== 'string' || (r[5] !== null && typeof r[5] !== 'string')) return null;
    this.next.set(name, r as Row);
    return { subject: r[4], problem: r[5] as string | null };
  }

  record(name: string, st: FileStamps, facts: HeadFacts): void {
    if (Math.max(st.mtimeMs, st.ctimeMs) > this.settled) return;
    this.next.set(name, [st.ino, st.size, st.mtimeMs, st.ctimeMs, facts.subject, facts.problem]);
    this.dirty = true;
  }

  save(): void {
    if (!this.at || (!this.dirty && this.next.size === Object.keys(this.old).length)) return;
    // Built as text: Object.fromEntries over 2,000 entries costs ~10 ms in a cold process.
    writeCache(this.at, this.abs, () => {
      let out = '"files":{';
      let first = true;
      for (const [name, row] of this.next) { out += `${first ? '' : ','}${JSON.stringify(name)}:${JSON.stringify(row)}`; first = false; }
      return out + '}';
    });
  }
}
