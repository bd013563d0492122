/**
 * Provenance and untrusted input (spec/wiki-tasks-pm-deck.md §2.5): every compiled claim cites its
 * source and is de-duplicated BY CITATION; imperative text from pane output or mail is wrapped in a
 * fenced block with info string `untrusted` (data, never instructions) and flagged in log.md.
 */
import { LoopError } from '../errors.js';
import { fingerprint, readTextIfExists, writeFileAtomic } from '../files/atomic.js';
import { appendLog } from '../files/wiki.js';
import { withFileLock } from '../files/lock.js';

/** Phrases that read as a directive to an agent. Matched per line, case-insensitively. */
const IMPERATIVE: readonly RegExp[] = [
  /\b(ignore|disregard|forget|override)\b.{0,40}\b(previous|prior|above|earlier|all|any|your)\b.{0,30}\b(instructions?|rules?|prompts?|guidelines?|directions?)\b/i,
  /^\s*(?:[-*>]\s*)?(?:please\s+|now\s+|immediately\s+)?(run|execute|delete|remove|rm|push|force-push|approve|merge|drop|kill|curl|wget|sudo|dispatch|overwrite|reset|revert|deploy|install|chmod|send|email|post|upload|exfiltrate|disable|stop)\b/i,
  /^\s*(?:[-*>]\s*)?(you must|you should|you are now|you will|do not tell|from now on|new instructions|system prompt|as the coordinator,? you)\b/i,
  /\b(rm -rf|git push --force|reset --hard|curl [^|]*\|\s*(ba)?sh)\b/i,
];

/** True when `line` reads as an instruction to an agent. Pure. */
export function isImperative(line: string): boolean {
  return IMPERATIVE.some((re) => re.test(line));
}

/**
 * Wrap every paragraph (run of non-blank lines) that contains an imperative line in a fence with
 * info string `untrusted`. Code fences inside the text are data too (a command in a fence is still
 * a command), so they are wrapped like any other text; the wrapping fence is longer than any
 * backtick run inside, so the passage cannot close it. A paragraph that already opens with an
 * `untrusted` fence is left alone. Returns the new text and the number of passages fenced
 * (0 = text unchanged). Pure.
 */
export function quarantineImperatives(text: string): { text: string; passages: number } {
  const lines = text.split('\n');
  const out: string[] = [];
  let passages = 0;
  let i = 0;
  while (i < lines.length) {
    if ((lines[i] ?? '').trim() === '') { out.push(lines[i] ?? ''); i++; continue; }
    let j = i;
    while (j < lines.length && (lines[j] ?? '').trim() !== '') j++;
    const para = lines.slice(i, j);
    if (!/^`{3,}untrusted\s*$/.test(para[0] ?? '') && para.some(isImperative)) {
      const longest = Math.max(2, ...para.map((p) => Math.max(0, ...[...p.matchAll(/`+/g)].map((m) => m[0].length))));
      const tick = '`'.repeat(longest + 1);
      out.push(`${tick}untrusted`, ...para, tick);
      passages++;
    } else out.push(...para);
    i = j;
  }
  return { text: out.join('\n'), passages };
}

/** The citation suffix every compiled claim carries: ` (source: <citation>)`. */
export const citeSuffix = (citation: string): string => ` (source: ${citation.replace(/[()\r\n]/g, ' ').trim()})`;

/**
 * File one cited claim into a page (§2.5): the line is `- <claim> (source: <citation>)`. If a line
 * of the page already cites the same source, it is replaced in place (`updated`) or left alone when
 * identical (`exists`); otherwise the line is appended (`added`). A claim containing imperative
 * text is written as an `untrusted` fenced block instead and a log entry
 * `## [date] ingest | untrusted text quarantined (<citation>)` flags it (`quarantined: true`).
 * Atomic write under the page lock (substrate/files/lock.ts); if the page changed while composing
 * (an editor outside loopdeck), throws LoopError `page-changed` (retry).
 */
export function fileClaim(pagePath: string, claim: string, citation: string, opts: { logPath: string; now: Date }): { result: 'added' | 'updated' | 'exists'; quarantined: boolean } {
  return withFileLock(pagePath, () => fileClaimLocked(pagePath, claim, citation, opts));
}

function fileClaimLocked(pagePath: string, claim: string, citation: string, opts: { logPath: string; now: Date }): { result: 'added' | 'updated' | 'exists'; quarantined: boolean } {
  const fp = fingerprint(pagePath);
  const page = readTextIfExists(pagePath) ?? '';
  const suffix = citeSuffix(citation);
  const q = quarantineImperatives(claim.trim());
  const block = q.passages > 0 ? `${q.text}\n${suffix.trim()}` : `- ${claim.replace(/\s*[\r\n]+\s*/g, ' ').trim()}${suffix}`;
  const lines = page.split('\n');
  const at = lines.findIndex((l) => l.endsWith(suffix) || l === suffix.trim());
  let next: string;
  let result: 'added' | 'updated' | 'exists';
  if (at >= 0 && q.passages === 0) {
    if (lines[at] === block) return { result: 'exists', quarantined: false };
    lines[at] = block; next = lines.join('\n'); result = 'updated';
  } else if (at >= 0) return { result: 'exists', quarantined: true };
  else { next = `${page}${page === '' || page.endsWith('\n') ? '' : '\n'}${block}\n`; result = 'added'; }
  if (fingerprint(pagePath) !== fp) throw new LoopError('page-changed', `${pagePath} changed while a claim was filed; nothing written`, { hint: 'retry' });
  writeFileAtomic(pagePath, next);
  if (q.passages > 0) appendLog(opts.logPath, 'ingest', `untrusted text quarantined (${citation})`, opts.now);
  return { result, quarantined: q.passages > 0 };
}
