/**
 * File-writing primitives every shared project file goes through (DESIGN.md §4): whole-file writes
 * are atomic (temp file in the same directory, fsync, rename), appends are single `write(2)` calls
 * on an O_APPEND descriptor, and nothing here ever deletes a file other than its own temp file.
 */
import {
  closeSync, fstatSync, fsyncSync, linkSync, mkdirSync, openSync, readFileSync, readSync, renameSync,
  statSync, unlinkSync, writeSync, fchmodSync, existsSync,
} from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { LoopError } from '../errors.js';

function errCode(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException | undefined)?.code;
}

function writeAll(fd: number, buf: Buffer): void {
  let off = 0;
  while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
}

function fsyncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try { fsyncSync(fd); } finally { closeSync(fd); }
  } catch { /* best effort: some filesystems refuse fsync on a directory */ }
}

/** Write `data` to a fresh temp file beside `path` (fsynced) and return its name. */
function writeTemp(path: string, data: string | Buffer, mode: number | undefined): string {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true });
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'wx', 0o600);
    writeAll(fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
    if (mode !== undefined) fchmodSync(fd, mode);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    return tmp;
  } catch (e) {
    if (fd !== undefined) try { closeSync(fd); } catch { /* already failing */ }
    try { unlinkSync(tmp); } catch { /* never created */ }
    throw new LoopError('write-failed', `cannot write ${path}: ${(e as Error).message}`, { cause: e });
  }
}

/** Permission bits of an existing file, or `fallback` when it does not exist yet. */
function modeOf(path: string, fallback: number): number {
  try { return statSync(path).mode & 0o7777; } catch { return fallback; }
}

/** A fully written, fsynced temp file waiting to replace its target. */
export interface PreparedWrite {
  /** Rename the temp file over the target (atomic). Throws LoopError `write-failed`. */
  commit(): void;
  /** Remove the temp file; the target is untouched. Never throws. */
  abort(): void;
}

/**
 * First half of `writeFileAtomic`: write and fsync the temp file now, rename later — so a caller doing
 * optimistic concurrency can re-check the target right before the (instant) rename. Same temp naming,
 * mode rules and errors as `writeFileAtomic`.
 */
export function prepareAtomicWrite(path: string, data: string | Buffer, opts: { mode?: number } = {}): PreparedWrite {
  const tmp = writeTemp(path, data, opts.mode ?? modeOf(path, 0o644));
  let done = false;
  const abort = (): void => {
    if (done) return;
    done = true;
    try { unlinkSync(tmp); } catch { /* nothing to clean */ }
  };
  return {
    abort,
    commit(): void {
      if (done) throw new LoopError('write-failed', `write of ${path} was already committed or aborted`);
      try {
        renameSync(tmp, path);
      } catch (e) {
        abort();
        throw new LoopError('write-failed', `cannot replace ${path}: ${(e as Error).message}`, { cause: e });
      }
      done = true;
      fsyncDir(dirname(path));
    },
  };
}

/**
 * Replace `path` atomically with `data` (string = UTF-8). Creates the parent directory. The temp file
 * is `.<base>.<pid>.<random>.tmp` in the same directory, fsynced, then renamed over `path`; it is
 * removed if anything fails. File mode: `opts.mode`, else the existing file's mode, else 0644.
 * Throws LoopError `write-failed` (the original file is then untouched).
 */
export function writeFileAtomic(path: string, data: string | Buffer, opts: { mode?: number } = {}): void {
  prepareAtomicWrite(path, data, opts).commit();
}

/** `writeFileAtomic` of `JSON.stringify(value, null, 2)` plus a trailing newline. Same errors. */
export function writeJsonAtomic(path: string, value: unknown, opts: { mode?: number } = {}): void {
  writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`, opts);
}

/**
 * Create `path` with `data` only if no file of that name exists — atomically and never overwriting
 * (complete temp file, then link(2), which fails if the name is taken). Returns true when created,
 * false when the name already existed. Creates the parent directory. Throws LoopError `write-failed`.
 */
export function writeFileExclusive(path: string, data: string | Buffer, opts: { mode?: number } = {}): boolean {
  const tmp = writeTemp(path, data, opts.mode ?? 0o644);
  try {
    return linkNoOverwrite(tmp, path);
  } finally {
    try { unlinkSync(tmp); } catch { /* already gone */ }
  }
}

/** link(src, dest) → true; false if dest exists. Falls back to exists-check + rename where hard links are refused. */
function linkNoOverwrite(src: string, dest: string): boolean {
  try {
    linkSync(src, dest);
    return true;
  } catch (e) {
    const code = errCode(e);
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV' && code !== 'EMLINK') {
      throw new LoopError('write-failed', `cannot create ${dest}: ${(e as Error).message}`, { cause: e });
    }
    if (existsSync(dest)) return false;
    renameSync(src, dest);
    return true;
  }
}

/**
 * Move `src` to `dest` without ever replacing an existing `dest` (hard link, then unlink of the old
 * name; rename fallback on filesystems without hard links). Returns 'moved', 'exists' (dest taken,
 * nothing changed) or 'missing' (src is gone). Creates dest's directory. Throws LoopError `move-failed`.
 */
export function moveNoOverwrite(src: string, dest: string): 'moved' | 'exists' | 'missing' {
  if (!existsSync(src)) return 'missing';
  mkdirSync(dirname(dest), { recursive: true });
  try {
    if (!linkNoOverwrite(src, dest)) return 'exists';
  } catch (e) {
    if (errCode(e) === 'ENOENT' || errCode((e as { cause?: unknown }).cause) === 'ENOENT') return 'missing';
    throw new LoopError('move-failed', `cannot move ${src} to ${dest}: ${(e as Error).message}`, { cause: e });
  }
  try { unlinkSync(src); } catch (e) {
    if (errCode(e) !== 'ENOENT') throw new LoopError('move-failed', `moved ${src} to ${dest} but could not drop the old name: ${(e as Error).message}`, { cause: e });
  }
  fsyncDir(dirname(dest));
  return 'moved';
}

/**
 * Append `text` to `path` as whole line(s) in ONE write on an O_APPEND descriptor (wiki spec §2.7):
 * if the file's last byte is not `\n`, a `\n` is written first (repairing a torn line); a trailing
 * `\n` is added to `text` if missing; with `opts.blankLineBefore` the text is also separated from
 * non-empty existing content by one blank line. `text` may hold several lines. Creates the parent
 * dir and the file. Never rewrites existing bytes. Throws LoopError `write-failed`.
 */
export function appendLine(path: string, text: string, opts: { blankLineBefore?: boolean } = {}): void {
  let fd: number | undefined;
  try {
    mkdirSync(dirname(path), { recursive: true });
    fd = openSync(path, 'a+', 0o644);
    const size = fstatSync(fd).size;
    const tail = Buffer.alloc(Math.min(2, size));
    if (size > 0) readSync(fd, tail, 0, tail.length, size - tail.length);
    const last = tail.length > 0 ? tail[tail.length - 1] : undefined;
    const prev = tail.length > 1 ? tail[0] : undefined;
    let prefix = '';
    if (size > 0 && last !== 0x0a) prefix = '\n';
    if (opts.blankLineBefore && size > 0 && !(last === 0x0a && (prev === 0x0a || size === 1))) prefix += '\n';
    writeAll(fd, Buffer.from(prefix + (text.endsWith('\n') ? text : `${text}\n`), 'utf8'));
    fsyncSync(fd);
  } catch (e) {
    throw new LoopError('write-failed', `cannot append to ${path}: ${(e as Error).message}`, { cause: e });
  } finally {
    if (fd !== undefined) try { closeSync(fd); } catch { /* closing a failed fd */ }
  }
}

/**
 * Read a UTF-8 text file; null when it (or a parent directory) does not exist. Any other failure
 * (permission, a directory in the way) throws LoopError `read-failed`.
 */
export function readTextIfExists(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    const code = errCode(e);
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw new LoopError('read-failed', `cannot read ${path}: ${(e as Error).message}`, { cause: e });
  }
}

/**
 * Read at most the first `maxBytes` bytes of a file (for headers of possibly huge files). Returns
 * null when the file does not exist; throws LoopError `read-failed` on other errors.
 */
export function readHead(path: string, maxBytes: number): Buffer | null {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const buf = Buffer.alloc(maxBytes);
    let n = 0;
    while (n < maxBytes) {
      const got = readSync(fd, buf, n, maxBytes - n, n);
      if (got === 0) break;
      n += got;
    }
    return buf.subarray(0, n);
  } catch (e) {
    const code = errCode(e);
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw new LoopError('read-failed', `cannot read ${path}: ${(e as Error).message}`, { cause: e });
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * A cheap identity of a file's current version for optimistic concurrency: inode, size, mtime and
 * ctime in nanoseconds (an atomic replace changes the inode even within one clock tick). Null when
 * the file does not exist. Never throws for a missing file.
 */
export function fingerprint(path: string): string | null {
  try {
    const s = statSync(path, { bigint: true });
    return `${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`;
  } catch (e) {
    if (errCode(e) === 'ENOENT' || errCode(e) === 'ENOTDIR') return null;
    throw new LoopError('read-failed', `cannot stat ${path}: ${(e as Error).message}`, { cause: e });
  }
}
