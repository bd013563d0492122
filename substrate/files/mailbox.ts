/**
 * The mailbox `.loop/messages/` (spec/wiki-tasks-pm-deck.md §3, spec/substrate.md §7.2, §8): listing
 * pending mail for the digest, reading one message, acking (move to `processed/`), quarantining (move
 * to `failed/` + reason file) and writing new mail. Existing messages are never edited, overwritten
 * or deleted; an odd message (no frontmatter, no subject, binary, huge) is reported, never fatal.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseDocument, stringify } from 'yaml';
import { LoopError } from '../errors.js';
import { moveNoOverwrite, readHead, readTextIfExists, writeFileAtomic, writeFileExclusive } from './atomic.js';
import { yamlProblem, type FileProblem } from './problems.js';

/** One pending message. `mtime` is integer epoch seconds, `size` bytes. */
export interface MailboxMessage {
  file: string;
  path: string;
  from: string | null;
  to: string | null;
  subject: string;
  mtime: number;
  size: number;
  /** What is odd about the message (`no subject: line`, `binary content`, read error), else null. */
  problem: string | null;
}

const HEAD_BYTES = 64 * 1024;
const NAME = /^(\d{8}-\d{6})-(.+)-to-(.+)\.md$/;
const byCode = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Names of `*.md` regular files (symlinks followed) directly in `dir`, `readme` (any case) excluded. */
function mdFiles(dir: string): string[] | null {
  let names: string[];
  try { names = readdirSync(dir); } catch { return null; }
  return names.filter((n) => n.endsWith('.md') && !n.toLowerCase().includes('readme') && isFile(join(dir, n)));
}
function isFile(p: string): boolean {
  try { return statSync(p).isFile(); } catch { return false; }
}

/** Value of a `subject:` line; a quoted YAML scalar is unquoted, a plain one is kept as written. */
function subjectValue(line: string): string {
  const v = line.slice('subject:'.length).trim();
  if (v.startsWith('"') || v.startsWith("'")) {
    try { const s: unknown = parse(v); if (typeof s === 'string') return s; } catch { /* keep raw */ }
  }
  return v;
}

/** The subject per §7.2: inside a leading `---` block first, else the first 40 lines; null if none. */
function findSubject(text: string): string | null {
  const lines = text.replace(/^\uFEFF/, '').split('\n').map((l) => l.replace(/\r$/, ''));
  if (lines[0] === '---') {
    for (let i = 1; i < lines.length && !/^---\s*$/.test(lines[i] ?? ''); i++) {
      if (lines[i]?.startsWith('subject:')) return subjectValue(lines[i] ?? '');
    }
  }
  const hit = lines.slice(0, 40).find((l) => l.startsWith('subject:'));
  return hit === undefined ? null : subjectValue(hit);
}

/** Names of the pending messages in `mailboxDir`, in byte order, without reading them ([] when absent). */
export function pendingMailNames(mailboxDir: string): string[] {
  return (mdFiles(mailboxDir) ?? []).sort(byCode);
}

/**
 * List the mailbox (digest §7.2): `pending` = regular `*.md` files directly in `mailboxDir` whose name
 * does not contain `readme` (any case), sorted by name (= oldest first). from/to come from the name
 * (`<YYYYMMDD-HHMMSS>-<from>-to-<to>.md`, greedy; null when it does not match); subject from the first
 * `subject:` line in the leading frontmatter, else in the first 40 lines, else "". Only the first
 * 64 KiB of each file is read; NUL bytes → `binary content`. `processedCount` counts the same kind of
 * files in `processed/`. Every message problem is also listed in `problems`. A missing dir is empty.
 * Never throws.
 */
export function listMailbox(mailboxDir: string): { pending: MailboxMessage[]; processedCount: number; problems: FileProblem[] } {
  const problems: FileProblem[] = [];
  const pending: MailboxMessage[] = [];
  for (const file of pendingMailNames(mailboxDir)) {
    const path = join(mailboxDir, file);
    const m = NAME.exec(file);
    const msg: MailboxMessage = { file, path, from: m?.[2] ?? null, to: m?.[3] ?? null, subject: '', mtime: 0, size: 0, problem: null };
    try {
      const st = statSync(path);
      msg.mtime = Math.floor(st.mtimeMs / 1000);
      msg.size = st.size;
      const head = readHead(path, HEAD_BYTES);
      if (head === null) continue; // acked between readdir and read
      if (head.includes(0)) msg.problem = 'binary content';
      else {
        const subject = findSubject(head.toString('utf8'));
        if (subject === null) msg.problem = 'no subject: line';
        else msg.subject = subject;
      }
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue;
      msg.problem = `unreadable: ${(e as Error).message}`;
    }
    if (msg.problem) problems.push({ file: path, message: msg.problem });
    pending.push(msg);
  }
  return { pending, processedCount: mdFiles(join(mailboxDir, 'processed'))?.length ?? 0, problems };
}

/**
 * Read one whole message: `frontmatter` parsed with the yaml package from a leading `---` block
 * (`{}` when absent or bad), `body` = the text after the block (the whole text when there is none).
 * `problem` names what is wrong (`file not found`, `binary content`, `no frontmatter`, `frontmatter
 * not closed`, YAML error with its file line, `frontmatter is not a mapping`), else null; the body is
 * still returned for bad YAML. Never throws.
 */
export function readMessage(path: string): { frontmatter: Record<string, unknown>; body: string; problem: string | null } {
  let text: string | null;
  try { text = readTextIfExists(path); } catch (e) { return { frontmatter: {}, body: '', problem: `unreadable: ${(e as Error).message}` }; }
  if (text === null) return { frontmatter: {}, body: '', problem: 'file not found' };
  if (text.includes('\0')) return { frontmatter: {}, body: '', problem: 'binary content' };
  const t = text.replace(/^\uFEFF/, '');
  const nl = t.indexOf('\n');
  if ((nl < 0 ? t : t.slice(0, nl)).replace(/\r$/, '') !== '---') return { frontmatter: {}, body: text, problem: 'no frontmatter' };
  const close = /^---[ \t]*\r?$/m.exec(t.slice(nl + 1));
  if (!close) return { frontmatter: {}, body: text, problem: 'frontmatter not closed' };
  const yamlText = t.slice(nl + 1, nl + 1 + close.index);
  const afterClose = t.indexOf('\n', nl + 1 + close.index);
  const body = afterClose < 0 ? '' : t.slice(afterClose + 1);
  const doc = parseDocument(yamlText, { prettyErrors: true });
  const err = doc.errors[0];
  if (err) {
    const p = yamlProblem(path, err, 1, 'invalid frontmatter');
    return { frontmatter: {}, body, problem: p.line ? `line ${p.line}: ${p.message}` : p.message };
  }
  const data: unknown = doc.toJS();
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return { frontmatter: {}, body, problem: 'frontmatter is not a mapping' };
  return { frontmatter: data as Record<string, unknown>, body, problem: null };
}

/** `file` must be a plain name inside the mailbox, never a path. */
function checkName(file: string): void {
  if (file === '' || file === '.' || file === '..' || /[/\\\0]/.test(file)) throw new LoopError('bad-message-name', `not a mailbox file name: ${JSON.stringify(file)}`);
}

/** Move `dir/file` into `dir/<sub>/`, same name or `<name>-dup-<n>.md` if taken; final name or null if gone. */
function moveInto(dir: string, sub: string, file: string): string | null {
  checkName(file);
  const stem = file.endsWith('.md') ? file.slice(0, -3) : file;
  const ext = file.endsWith('.md') ? '.md' : '';
  for (let n = 0; n < 10_000; n++) {
    const name = n === 0 ? file : `${stem}-dup-${n}${ext}`;
    const r = moveNoOverwrite(join(dir, file), join(dir, sub, name));
    if (r === 'missing') return null;
    if (r === 'moved') return name;
  }
  throw new LoopError('move-failed', `no free name for ${file} in ${join(dir, sub)}`);
}

/**
 * Ack a message: move `<mailboxDir>/<file>` into `processed/` keeping its name; if that name is
 * already taken there, `-dup-<n>` is inserted before `.md` (never overwrites). Returns the name used,
 * or null when the message is already gone (idempotent). Throws LoopError `bad-message-name` for a
 * name with a path separator, `move-failed` on I/O errors.
 */
export function ackMessage(mailboxDir: string, file: string): string | null {
  return moveInto(mailboxDir, 'processed', file);
}

/** `YYYYMMDDTHHMMSSZ` in UTC. */
function compactStamp(now: Date): string {
  return now.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
}

/**
 * Quarantine a message the headless ingest failed on (§3): move it into `failed/` (same no-overwrite
 * naming as ackMessage) and write `failed/<name>.ingest-failed.txt` containing
 * `<YYYYMMDDTHHMMSSZ> ingest quarantined: <reason>\n` (UTC; newlines in reason become spaces).
 * Returns false when the message is already gone (idempotent), true when quarantined. Throws
 * LoopError `bad-message-name`, `move-failed` or `write-failed`.
 */
export function quarantineMessage(mailboxDir: string, file: string, reason: string, now: Date): boolean {
  const name = moveInto(mailboxDir, 'failed', file);
  if (name === null) return false;
  const line = `${compactStamp(now)} ingest quarantined: ${reason.replace(/\s*[\r\n]+\s*/g, ' ').trim()}\n`;
  writeFileAtomic(join(mailboxDir, 'failed', `${name}.ingest-failed.txt`), line);
  return true;
}

/**
 * Write a new message `<YYYYMMDD-HHMMSS>-<from>-to-<to>.md` (UTC from `now`) with frontmatter
 * `---\nsubject: …\n---\n` (the subject is emitted by the yaml package, so `: `, `#`, quotes
 * round-trip; newlines in it become spaces) followed by a blank line and the body. Never overwrites:
 * when the name is taken (pending, processed/ or failed/) the timestamp moves one second later until
 * it is free (the name pattern stays valid). Atomic (complete file or nothing). Returns `{file, path}`. Throws LoopError
 * `bad-mail-name` when from/to are not `[A-Za-z0-9][A-Za-z0-9._-]*` or `to` contains `-to-`,
 * `write-failed` on I/O errors.
 */
export function writeMessage(mailboxDir: string, msg: { from: string; to: string; subject: string; body: string; now: Date }): { file: string; path: string } {
  for (const [k, v] of [['from', msg.from], ['to', msg.to]] as const) {
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(v) || (k === 'to' && v.includes('-to-'))) {
      throw new LoopError('bad-mail-name', `mail ${k} ${JSON.stringify(v)} must match [A-Za-z0-9][A-Za-z0-9._-]*${k === 'to' ? ' without -to-' : ''}`);
    }
  }
  const subject = msg.subject.replace(/\s*[\r\n]+\s*/g, ' ');
  const body = msg.body === '' || msg.body.endsWith('\n') ? msg.body : `${msg.body}\n`;
  const text = `---\n${stringify({ subject }, { lineWidth: 0 })}---\n${body === '' ? '' : `\n${body}`}`;
  const base = Math.floor(msg.now.getTime() / 1000) * 1000;
  for (let i = 0; i < 86_400; i++) {
    const iso = new Date(base + i * 1000).toISOString();
    const file = `${iso.slice(0, 10).replace(/-/g, '')}-${iso.slice(11, 19).replace(/:/g, '')}-${msg.from}-to-${msg.to}.md`;
    const path = join(mailboxDir, file);
    if (existsSync(join(mailboxDir, 'processed', file)) || existsSync(join(mailboxDir, 'failed', file))) continue;
    if (writeFileExclusive(path, text)) return { file, path };
  }
  throw new LoopError('write-failed', `no free mailbox name for ${msg.from} -> ${msg.to} within a day of ${msg.now.toISOString()}`);
}
