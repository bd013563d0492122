/**
 * Listing MADR decision records in `docs/adr/` (spec/substrate.md §7.2, §9): the digest's and the
 * deck's view of `NNNN-*.md` files. Read-only; a file that cannot be read is reported, not fatal.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { readHead } from './atomic.js';
import type { FileProblem } from './problems.js';

/** One ADR: `id` = the 4-digit prefix, `status` (`?` when absent), `title` (file name when absent). */
export interface AdrSummary {
  id: string;
  status: string;
  title: string;
  path: string;
}

const ADR_NAME = /^(\d{4})-.*\.md$/;

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
  let names: string[];
  try { names = readdirSync(adrDir); } catch { return { adrs, problems }; }
  const files = names.filter((n) => ADR_NAME.test(n) && n !== '0000-template.md').sort((a, b) => (a < b ? 1 : a > b ? -1 : 0));
  for (const file of files) {
    const path = join(adrDir, file);
    const id = ADR_NAME.exec(file)?.[1] ?? file.slice(0, 4);
    let head: Buffer | null;
    try {
      if (!statSync(path).isFile()) continue;
      head = readHead(path, 16 * 1024);
    } catch (e) {
      problems.push({ file: path, message: (e as Error).message });
      adrs.push({ id, status: '?', title: file, path });
      continue;
    }
    if (head === null) continue;
    if (head.includes(0)) {
      problems.push({ file: path, message: 'binary content' });
      adrs.push({ id, status: '?', title: file, path });
      continue;
    }
    const lines = head.toString('utf8').split('\n').map((l) => l.replace(/\r$/, ''));
    const statusLine = lines.find((l) => l.startsWith('status:'));
    const status = statusLine?.slice('status:'.length).trim() || '?';
    const heading = lines.map((l) => /^# \d+\.\s*(.*)$/.exec(l)).find((m) => m !== null);
    const title = heading?.[1]?.trim() || file;
    adrs.push({ id, status, title, path });
  }
  return { adrs, problems };
}
