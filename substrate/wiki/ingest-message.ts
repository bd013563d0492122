/**
 * One step of the docs ingest protocol (spec/wiki-tasks-pm-deck.md §2.4 step 2) as a library call:
 * compile one mailbox message into the wiki as a cited claim, log it, ack it. The message body is
 * data: imperative passages land in an `untrusted` fence with a log flag (provenance.ts), nothing in
 * it is ever executed. A message that cannot be read as text (binary, oversized, unreadable) is
 * quarantined to `failed/` instead and reported; it is never edited or deleted.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { ackMessage, quarantineMessage, readMessage } from '../files/mailbox.js';
import { appendLog } from '../files/wiki.js';
import { writeFileExclusive } from '../files/atomic.js';
import type { FileProblem } from '../files/problems.js';
import { fileClaim } from './provenance.js';
import { MAX_MESSAGE_BYTES } from './pending.js';

export type CompileResult =
  | { status: 'ingested'; page: string; claim: 'added' | 'updated' | 'exists'; quarantinedText: boolean; problem: FileProblem | null }
  | { status: 'quarantined'; problem: FileProblem }
  | { status: 'gone' };

const NAME = /^\d{8}-\d{6}-(.+)-to-(.+)\.md$/;
const safe = (s: string): string | null => (/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(s) ? s : null);

/**
 * Compile `<root>/.loop/messages/<file>`: target page = `ops-wiki/loops/<loop>.md` when the
 * frontmatter names a `loop:`, else `ops-wiki/loops/<from-lane>-reports.md`; the claim is
 * `<subject>: <first 300 chars of the body, one line>` cited by the file name (dedup by citation);
 * then `## [date] ingest | <file>` and the move to processed/. Bad frontmatter is reported in
 * `problem` but the text is still ingested. Never throws for bad content.
 */
export function compileMessage(root: string, file: string, now: Date): CompileResult {
  const mailbox = join(root, '.loop', 'messages');
  const path = join(mailbox, file);
  let size: number;
  try { size = statSync(path).size; } catch { return { status: 'gone' }; }
  const reason = size > MAX_MESSAGE_BYTES ? `message is ${size} bytes (limit ${MAX_MESSAGE_BYTES})` : null;
  const msg = reason ? null : readMessage(path);
  const fatal = reason ?? (msg && (msg.problem === 'binary content' || msg.problem?.startsWith('unreadable')) ? msg.problem : null);
  if (fatal || !msg) {
    quarantineMessage(mailbox, file, fatal ?? 'unreadable', now);
    return { status: 'quarantined', problem: { file: path, line: 1, message: `${fatal}; moved to failed/` } };
  }
  const fm = msg.frontmatter;
  const from = NAME.exec(file)?.[1] ?? 'unknown';
  const loop = typeof fm.loop === 'string' ? safe(fm.loop) : null;
  const rel = loop ? `loops/${loop}.md` : `loops/${safe(from) ?? 'unknown'}-reports.md`;
  const subject = typeof fm.subject === 'string' ? fm.subject : '(no subject)';
  const body = msg.body.trim().slice(0, 300);
  const page = join(root, 'ops-wiki', rel);
  writeFileExclusive(page, `# loop: ${rel.slice(6, -3)}\n\n`); // a new loop page starts with its heading; never overwrites
  const r = fileClaim(page, `${subject}${body ? `: ${body}` : ''}`, file, { logPath: join(root, 'ops-wiki', 'log.md'), now });
  appendLog(join(root, 'ops-wiki', 'log.md'), 'ingest', file, now);
  ackMessage(mailbox, file);
  return { status: 'ingested', page: `ops-wiki/${rel}`, claim: r.result, quarantinedText: r.quarantined, problem: msg.problem ? { file: path, message: msg.problem } : null };
}
