/**
 * The digest's readers (spec/substrate.md §7.2), kept lean for its budget (`loop digest --json` ≤ 200 ms as a
 * process with 2,000 pending / 20,000 processed messages and 500 loops): no YAML or schema library is loaded,
 * `processed/` is counted from one readdir without opening or stat-ing a file (and that count is cached while the
 * directory does not change), and each pending message costs one stat when its head is cached (digest-cache.ts),
 * else one open, one fstat and one small read of its head.
 * Untrusted content is never interpreted beyond a subject.
 */
import { closeSync, fstatSync, openSync, readdirSync, readFileSync, readSync, statSync, type Dirent } from 'node:fs';
import { isAscii } from 'node:buffer';
import { join, resolve } from 'node:path';
import { cachedCount, HeadCache, type FileStamps } from './digest-cache.js';

/** One pending message as the digest JSON shows it; `problem` (not in the JSON) names what is odd about it. */
export interface PendingMessage { file: string; from: string | null; to: string | null; subject: string; mtime: number; problem: string | null }

const NAME = /^(\d{8}-\d{6})-(.+)-to-(.+)\.md$/;
const HEAD = 8 * 1024;
const MAX_HEAD = 64 * 1024;
const byCode = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** `*.md`, not containing `readme` (any case), a regular file (symlinks followed only when the dirent says link). */
function isMessage(dir: string, d: Dirent): boolean {
  if (!d.name.endsWith('.md') || d.name.toLowerCase().includes('readme')) return false;
  if (d.isFile()) return true;
  if (!d.isSymbolicLink()) return false;
  try { return statSync(join(dir, d.name)).isFile(); } catch { return false; }
}

function entries(dir: string): Dirent[] | null {
  try { return readdirSync(dir, { withFileTypes: true }); } catch { return null; }
}

/**
 * `processed_count`: message files directly in `<mailbox>/processed` (0 when absent). One readdir, no stat (but for
 * symlinks), through the count cache of digest-cache.ts (one stat of the directory when it has not changed). A
 * listing holding a symlink is never recorded (its target can change without the directory changing).
 * `opts` (clock, env) exists for tests.
 */
export function countProcessed(mailboxDir: string, opts: { now?: () => number; env?: NodeJS.ProcessEnv } = {}): number {
  const dir = join(mailboxDir, 'processed');
  return cachedCount(dir, (list) => {
    let count = 0;
    let cacheable = true;
    for (const d of list) {
      if (!d.isFile() && d.isSymbolicLink()) cacheable = false;
      if (isMessage(dir, d)) count++;
    }
    return { count, cacheable };
  }, opts);
}

/** A `subject:` value: a quoted scalar is unquoted (`"…"` JSON-style, `'…'` with `''` → `'`), a plain one trimmed. */
export function subjectValue(raw: string): string {
  const v = raw.trim();
  if (v.length >= 2 && v.startsWith('"') && v.endsWith('"')) { try { const s: unknown = JSON.parse(v); if (typeof s === 'string') return s; } catch { /* keep raw */ } }
  if (v.length >= 2 && v.startsWith("'") && v.endsWith("'")) return v.slice(1, -1).replace(/''/g, "'");
  return v;
}

/**
 * The subject of a message head: the first `subject:` line inside a leading `---` block, else among the first 40
 * lines; null when none (and `complete` false when the frontmatter is still open at the end of the head). Lines end
 * at `\n` (a `\r` before it is dropped); a leading BOM is skipped. `cut` says the head may stop mid-line (it filled
 * its buffer): its unterminated last line is then never trusted, and reaching it makes the answer incomplete.
 * A scan by indexOf, without slicing lines: this runs for every pending message in a cold process.
 */
export function findSubject(head: string, cut = false): { subject: string | null; complete: boolean } {
  const len = head.length;
  const start = head.charCodeAt(0) === 0xfeff ? 1 : 0;
  const endOf = (a: number): number => { const nl = head.indexOf('\n', a); return nl < 0 ? len : nl; };
  const bare = (a: number, e: number): number => (e > a && head.charCodeAt(e - 1) === 13 ? e - 1 : e);
  let e = endOf(start);
  if (bare(start, e) === start + 3 && head.startsWith('---', start)) {
    while (e < len) {
      const a = e + 1;
      e = endOf(a);
      if (cut && e === len) return { subject: null, complete: false };
      const b = bare(a, e);
      if (head.startsWith('---', a) && (b === a + 3 || /^\s*$/.test(head.slice(a + 3, b)))) break;
      if (head.startsWith('subject:', a)) return { subject: subjectValue(head.slice(a + 8, b)), complete: true };
      if (e === len) return { subject: null, complete: false };
    }
  }
  for (let a = start, n = 1; a <= len && n <= 40; a = e + 1, n++) {
    e = endOf(a);
    if (cut && e === len && a < len) return { subject: null, complete: false };
    if (head.startsWith('subject:', a)) return { subject: subjectValue(head.slice(a + 8, bare(a, e))), complete: true };
  }
  return { subject: null, complete: true };
}

/** One read buffer for every message head (64 KiB, allocated once per process, never zeroed). */
let shared: Buffer | null = null;

/**
 * Read up to `max` bytes from the start of `fd` into the shared buffer; returns the filled slice (valid until the
 * next call). A short read that reaches `size` (the fstat size) ends it, sparing the read(2) that would only say
 * EOF; a file that grew since is still read to `max`.
 */
function readHeadFd(fd: number, max: number, size: number): Buffer {
  const buf = (shared ??= Buffer.allocUnsafe(MAX_HEAD));
  let n = 0;
  while (n < max) {
    const want = max - n;
    const got = readSync(fd, buf, n, want, n);
    n += got;
    if (got === 0 || (got < want && n >= size)) break;
  }
  return buf.subarray(0, n);
}

/**
 * The subject of a head buffer (`cut`: it filled `max` bytes), or null for binary content (a NUL byte). ASCII-only
 * bytes (the usual message) are decoded as latin1: the same string, several times cheaper than UTF-8 in a cold process.
 */
const subjectOf = (head: Buffer, cut: boolean): ReturnType<typeof findSubject> | null =>
  (head.includes(0) ? null : findSubject(head.toString(isAscii(head) ? 'latin1' : 'utf8'), cut));

/** A file's stat; null when it is gone, undefined on any other failure (the open that follows says what). */
function statQuiet(path: string): FileStamps | null | undefined {
  try { return statSync(path, { throwIfNoEntry: false }) ?? null; } catch { return undefined; }
}

/** Read one message's head (open, fstat, one or two reads, close) into `msg`; the stamps when its facts may be cached. */
function readMessage(path: string, msg: PendingMessage): FileStamps | null {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const st = fstatSync(fd);
    msg.mtime = Math.floor(st.mtimeMs / 1000);
    let head = readHeadFd(fd, HEAD, st.size);
    let found = subjectOf(head, head.length === HEAD);
    if (found && !found.complete && head.length === HEAD) { head = readHeadFd(fd, MAX_HEAD, st.size); found = subjectOf(head, false); }
    if (!found) msg.problem = 'binary content';
    else if (found.subject === null) msg.problem = 'no subject: line';
    else msg.subject = found.subject;
    return st;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw e; // acked between readdir and open
    msg.problem = `unreadable: ${(e as Error).message}`;
    return null;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * `pending`: message files directly in `mailboxDir`, sorted by name; from/to from the name (greedy, null when it
 * does not match); subject per {@link findSubject} (`""` when none — §16.6 fixed, never fatal); mtime in integer
 * epoch seconds. A binary or unreadable file keeps an empty subject and a `problem`. Never throws. A regular file
 * whose ino, size, mtime and ctime match its entry in the head cache (digest-cache.ts) costs one stat; any other
 * costs one open, one fstat, one read of up to 8 KiB (64 KiB when its frontmatter runs past that) and one close
 * (plus that stat when it had a stale entry).
 * `opts` (clock, env) exists for tests.
 */
export function listPending(mailboxDir: string, opts: { now?: () => number; env?: NodeJS.ProcessEnv } = {}): PendingMessage[] {
  const out: PendingMessage[] = [];
  const messages = (entries(mailboxDir) ?? []).filter((d) => isMessage(mailboxDir, d));
  if (!messages.length) return out;
  const plain = new Set(messages.filter((d) => d.isFile()).map((d) => d.name)); // symlinks: always read (their target may change)
  const names = messages.map((d) => d.name).sort(byCode);
  const cache = new HeadCache(resolve(mailboxDir), opts);
  const prefix = mailboxDir.endsWith('/') ? mailboxDir : mailboxDir + '/';
  for (const file of names) {
    const m = NAME.exec(file);
    const msg: PendingMessage = { file, from: m?.[2] ?? null, to: m?.[3] ?? null, subject: '', mtime: 0, problem: null };
    const path = prefix + file;
    try {
      const st = plain.has(file) && cache.has(file) ? statQuiet(path) : undefined;
      if (st === null) continue; // acked between readdir and stat
      const hit = st ? cache.lookup(file, st) : null;
      if (st && hit) { msg.mtime = Math.floor(st.mtimeMs / 1000); msg.subject = hit.subject; msg.problem = hit.problem; out.push(msg); continue; }
      const read = readMessage(path, msg);
      if (read && plain.has(file)) cache.record(file, read, msg);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue; // acked between readdir and open
      msg.problem = `unreadable: ${(e as Error).message}`;
    }
    out.push(msg);
  }
  cache.save();
  return out;
}

/**
 * The ledger for the digest: the parsed object, or null with a problem (`file[:line]: what`) when it is missing
 * (no problem), unreadable, not JSON, or not an object (spec §7.2 `state`). Never throws.
 */
export function readState(file: string): { state: Record<string, unknown> | null; problem: string | null } {
  let text: string;
  try { text = readFileSync(file, 'utf8'); } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { state: null, problem: code === 'ENOENT' ? null : `${file}: cannot read the ledger (${code ?? (e as Error).message}); check that it is a readable file` };
  }
  let v: unknown;
  try { v = JSON.parse(text); } catch (e) {
    const pos = /position (\d+)/.exec((e as Error).message);
    const line = pos ? text.slice(0, Number(pos[1])).split('\n').length : undefined;
    const msg = (e as Error).message.replace(/, "[^]*" is not valid JSON$/, '').split('\n')[0];
    return { state: null, problem: `${file}${line ? `:${line}` : ''}: invalid JSON: ${msg} (fix the ledger or restore it from git)` };
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) return { state: null, problem: `${file}: the ledger is ${Array.isArray(v) ? 'an array' : v === null ? 'null' : typeof v}, expected an object` };
  return { state: v as Record<string, unknown>, problem: null };
}
