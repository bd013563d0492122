/**
 * Listing MADR decision records in `docs/adr/` (spec/substrate.md §7.2, §9): the digest's and the
 * deck's view of `NNNN-*.md` files. Read-only; a file that cannot be read is reported, not fatal.
 */
import { closeSync, openSync, readdirSync, readSync, statSync, type Dirent } from 'node:fs';
import { join } from 'node:path';
import type { FileProblem } from './problems.js';

/** One ADR: `id` = the 4-digit prefix, `status` (`?` when absent), `title` (file name when absent). */
export interface AdrSummary {
  id: string;
  status: string;
  title: string;
  path: string;
}

const ADR_NAME = /^(\d{4})-.*\.md$/;
const HEADING = /^# \d+\.\s*(.*)$/;
const HEAD = 16 * 1024;

/** One read buffer for every ADR head (allocated once, never zeroed: only the bytes read are looked at). */
let shared: Buffer | null = null;

/** The first `max` bytes of `path` in the shared buffer (valid until the next call); null when it vanished. */
function head(path: string, max: number): Buffer | null {
  const buf = (shared ??= Buffer.allocUnsafe(HEAD));
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    let n = 0;
    while (n < max) { const got = readSync(fd, buf, n, max - n, n); if (got === 0) break; n += got; }
    return buf.subarray(0, n);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw new Error(`cannot read ${path}: ${(e as Error).message}`, { cause: e });
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Start of the first line of `text` that starts with `prefix` at or after line start `from`, else -1. */
function lineStarting(text: string, prefix: string, from = 0): number {
  if (from === 0 && text.startsWith(prefix)) return 0;
  const i = text.indexOf('\n' + prefix, from === 0 ? 0 : from - 1);
  return i < 0 ? -1 : i + 1;
}

/** The line starting at `at`, without its `\n` and one trailing `\r`. */
function lineAt(text: string, at: number): string {
  const nl = text.indexOf('\n', at);
  const line = text.slice(at, nl < 0 ? text.length : nl);
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

/** The `# <n>. <title>` heading's title of the first line matching it, or undefined. */
function headingTitle(text: string): string | undefined {
  for (let i = lineStarting(text, '# '); i >= 0; i = lineStarting(text, '# ', i + 1)) {
    const m = HEADING.exec(lineAt(text, i));
    if (m) return m[1];
  }
  return undefined;
}

/**
 * List every `NNNN-*.md` regular file of `adrDir` in reverse name order (newest first). `status` =
 * text after the first line starting `status:` (trimmed, `?` when none or empty); `title` = the text
 * of the first `# <n>. <title>` heading, else the file name; `path` = `adrDir` joined with the name.
 * The shipped `0000-template.md` skeleton is not an ADR and is skipped. Only the first 16 KiB of a
 * file is read. A missing dir gives no ADRs; unreadable or binary files are problems. Never throws.
 */
export function listAdrs(adrDir: string): { adrs: AdrSummary[]; problems: FileProblem[] } {
  const adrs: AdrSummary[] = [];
  const problems: FileProblem[] = [];
  let list: Dirent[];
  try { list = readdirSync(adrDir, { withFileTypes: true }); } catch { return { adrs, problems }; }
  const files = list.filter((d) => ADR_NAME.test(d.name) && d.name !== '0000-template.md').sort((a, b) => (a.name < b.name ? 1 : a.name > b.name ? -1 : 0));
  for (const d of files) {
    const file = d.name;
    const path = join(adrDir, file);
    const id = file.slice(0, 4);
    let buf: Buffer | null;
    try {
      if (!d.isFile() && !statSync(path).isFile()) continue;
      buf = head(path, HEAD);
    } catch (e) {
      problems.push({ file: path, message: (e as Error).message });
      adrs.push({ id, status: '?', title: file, path });
      continue;
    }
    if (buf === null) continue;
    if (buf.includes(0)) {
      problems.push({ file: path, message: 'binary content' });
      adrs.push({ id, status: '?', title: file, path });
      continue;
    }
    const text = buf.toString('utf8');
    const at = lineStarting(text, 'status:');
    const status = (at < 0 ? '' : lineAt(text, at).slice('status:'.length).trim()) || '?';
    const title = headingTitle(text)?.trim() || file;
    adrs.push({ id, status, title, path });
  }
  return { adrs, problems };
}
