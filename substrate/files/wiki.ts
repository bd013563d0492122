/**
 * ops-wiki writes (spec/wiki-tasks-pm-deck.md §2): the `<!-- coord-decisions -->` marker rule of
 * `checkpoint.md` (coord appends below, docs rewrites above; the two commute), rotation of old
 * decision entries into `decisions-archive.md`, the append-only `log.md`, and lane-page sections.
 * Existing bytes above the marker are never changed by a filing; log.md is never rewritten.
 */
import { join } from 'node:path';
import { LoopError } from '../errors.js';
import { appendLine, fingerprint, prepareAtomicWrite, readTextIfExists, writeFileAtomic, writeFileExclusive } from './atomic.js';
import type { FileProblem } from './problems.js';
import { withFileLock } from './lock.js';

export const COORD_MARKER = '<!-- coord-decisions -->';

/** 1-based line numbers and char offsets of every exact marker line (a trailing CR is tolerated). */
function markerLines(text: string): Array<{ line: number; offset: number }> {
  const hits: Array<{ line: number; offset: number }> = [];
  let offset = 0;
  let line = 1;
  while (offset <= text.length) {
    const nl = text.indexOf('\n', offset);
    const end = nl < 0 ? text.length : nl;
    if (text.slice(offset, end).replace(/\r$/, '') === COORD_MARKER) hits.push({ line, offset });
    if (nl < 0) break;
    offset = nl + 1;
    line++;
  }
  return hits;
}

/**
 * Split page text at the first marker line: `above` = everything before it (docs-compiled), `below` =
 * the marker line and everything after it (coordinator-owned), so `above + below === text`. Without a
 * marker, `above` is the whole text and `below` is "". `markerCount` = number of marker lines. Pure.
 */
export function splitAtMarker(text: string): { above: string; below: string; markerCount: number } {
  const hits = markerLines(text);
  const first = hits[0];
  if (!first) return { above: text, below: '', markerCount: 0 };
  return { above: text.slice(0, first.offset), below: text.slice(first.offset), markerCount: hits.length };
}

/**
 * Check that the page at `path` has exactly one marker line. Returns null when it does (or the page
 * does not exist yet), else a problem: no marker, or several (line = the second one, message lists
 * all). An unreadable page is a problem too. Never throws.
 */
export function checkMarker(path: string): FileProblem | null {
  let text: string | null;
  try { text = readTextIfExists(path); } catch (e) { return { file: path, message: (e as Error).message }; }
  if (text === null) return null;
  const hits = markerLines(text);
  if (hits.length === 0) return { file: path, message: `no ${COORD_MARKER} marker line` };
  if (hits.length === 1) return null;
  return { file: path, line: hits[1]?.line, message: `${COORD_MARKER} appears ${hits.length} times (lines ${hits.map((h) => h.line).join(', ')}); there must be exactly one` };
}

const withNl = (s: string): string => (s === '' || s.endsWith('\n') ? s : `${s}\n`);

/** Options of the optimistic-concurrency writers. `beforeWrite` is a test seam run between read and re-check. */
export interface PageWriteOptions { beforeWrite?: (attempt: number) => void }

/**
 * Read-compose-check-write loop shared by both marker-rule writers (§2.3 steps 3–4), under the page's
 * cross-process lock (`<page>.lock`, substrate/files/lock.ts) so two loopdeck writers never
 * interleave: the new page is written to its temp file first, then the page is re-checked (for
 * editors outside loopdeck), the archive (if any) written, the page re-checked once more and renamed.
 */
function writeWithRetry(path: string, opts: PageWriteOptions, compose: (text: string) => { page: string; before?: () => void }): number {
  return withFileLock(path, () => writeLocked(path, opts, compose));
}

/** The body of writeWithRetry, run while holding the page lock (lock.ts): other loopdeck writers wait; outside editors are caught by the re-check. */
function writeLocked(path: string, opts: PageWriteOptions, compose: (text: string) => { page: string; before?: () => void }): number {
  for (let attempt = 1; attempt <= 3; attempt++) {
    const fp = fingerprint(path);
    const text = readTextIfExists(path) ?? '';
    refuseSeveralMarkers(path, text);
    const next = compose(text);
    const prepared = prepareAtomicWrite(path, next.page);
    const unchanged = (): boolean => fingerprint(path) === fp && (readTextIfExists(path) ?? '') === text;
    try {
      opts.beforeWrite?.(attempt);
      if (!unchanged()) { prepared.abort(); continue; }
      next.before?.();
      if (!unchanged()) { prepared.abort(); continue; }
      prepared.commit();
    } catch (e) {
      prepared.abort();
      throw e;
    }
    return attempt;
  }
  throw new LoopError('page-changed', `${path} changed during 3 write attempts; page left untouched`, { hint: 'retry the filing' });
}

/** A page with several marker lines has no well-defined coordinator region: refuse, page untouched (issue 5 item 8). */
function refuseSeveralMarkers(path: string, text: string): void {
  const hits = markerLines(text);
  if (hits.length > 1) {
    throw new LoopError('bad-marker', `${path}:${hits[1]?.line}: ${COORD_MARKER} appears ${hits.length} times (lines ${hits.map((h) => h.line).join(', ')}); there must be exactly one — page left untouched`, { hint: 'delete the extra marker lines by hand (keep the one above the decision entries), then retry' });
  }
}

function refuseMarker(what: string, text: string): void {
  if (markerLines(text).length > 0) throw new LoopError('bad-entry', `${what} must not contain the ${COORD_MARKER} line`);
}

/**
 * File a coordinator entry below the marker of `checkpointPath` (§2.3 steps 1–4): the existing page
 * (missing = empty) is kept as an exact prefix — a newline is added if it lacks one, the marker line if
 * it has none, then `entry` (newline-terminated). Rotation: below the first marker, each line starting
 * `### ` begins an entry; the preamble before the first entry stays; with more than `keep` entries the
 * oldest surplus entries (whole blocks) move to `archivePath` (created when needed; `keep < 1` = never
 * rotate). Optimistic concurrency: if the page changes between read and write, start over; 3 attempts.
 * The archive is written before the page. Returns `{rotated: entries archived, attempts}`. Throws
 * LoopError `page-changed` after 3 attempts (page untouched), `bad-entry` if the entry contains the
 * marker line, `bad-marker` if the page has several marker lines (page untouched), `write-failed`/`read-failed` on I/O errors.
 */
export function fileBelowMarker(checkpointPath: string, entry: string, opts: { keep: number; archivePath: string } & PageWriteOptions): { rotated: number; attempts: number } {
  refuseMarker('a decision entry', entry);
  let rotated = 0;
  const attempts = writeWithRetry(checkpointPath, opts, (text) => {
    let page = withNl(text);
    if (markerLines(page).length === 0) page += `${COORD_MARKER}\n`;
    page += withNl(entry);
    const first = markerLines(page)[0];
    const regionStart = first ? page.indexOf('\n', first.offset) + 1 : page.length;
    const region = page.slice(regionStart);
    const starts = [...region.matchAll(/^### /gm)].map((m) => m.index ?? 0);
    rotated = 0;
    if (opts.keep < 1 || starts.length <= opts.keep) return { page };
    const from = starts[0] ?? 0;
    const cut = starts[starts.length - opts.keep] ?? region.length;
    rotated = starts.length - opts.keep;
    const moved = withNl(region.slice(from, cut));
    const kept = page.slice(0, regionStart) + region.slice(0, from) + region.slice(cut);
    return {
      page: kept,
      before: () => {
        const archive = readTextIfExists(opts.archivePath) ?? '# decisions archive\n\nDecision entries rotated out of checkpoint.md, oldest first.\n\n';
        writeFileAtomic(opts.archivePath, withNl(archive) + moved);
      },
    };
  });
  return { rotated, attempts };
}

/**
 * Docs-side recompile: replace everything above the marker with `above` (newline-terminated), keeping
 * the marker line and every byte after it identical (§2.3), with the same 3-attempt optimistic
 * concurrency as fileBelowMarker, so a recompile and a filing commute. A page without a marker is all
 * docs-owned: it becomes `above` + the marker line. Returns the attempts used. Throws LoopError
 * `bad-entry` if `above` contains the marker line, `bad-marker` if the page has several (untouched), `page-changed`, `write-failed`.
 */
export function rewriteAboveMarker(checkpointPath: string, above: string, opts: PageWriteOptions = {}): number {
  refuseMarker('the compiled region', above);
  return writeWithRetry(checkpointPath, opts, (text) => {
    const { below, markerCount } = splitAtMarker(text);
    return { page: withNl(above) + (markerCount > 0 ? below : `${COORD_MARKER}\n`) };
  });
}

/** `YYYY-MM-DDTHH:MM:SSZ` (UTC). */
function utcStamp(now: Date): string {
  return now.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const oneLine = (s: string): string => s.replace(/\s*[\r\n]+\s*/g, ' ').trim();

/**
 * Append a `log.md` entry (§2.7): `## [YYYY-MM-DD] <type> | <title>` (UTC date of `now`; newlines in
 * the title collapse to spaces) plus optional body lines, separated from earlier content by a blank
 * line, through the torn-line-repairing append helper (one write; never rewrites). Creates the file.
 * Throws LoopError `bad-log-type` unless type matches `^[a-z][a-z-]*$`, `write-failed` on I/O errors.
 */
export function appendLog(logPath: string, type: string, title: string, now: Date, body?: string): void {
  if (!/^[a-z][a-z-]*$/.test(type)) throw new LoopError('bad-log-type', `log entry type ${JSON.stringify(type)} must be lowercase letters and hyphens`);
  const entry = `## [${now.toISOString().slice(0, 10)}] ${type} | ${oneLine(title)}\n${body ? withNl(body) : ''}`;
  appendLine(logPath, entry, { blankLineBefore: true });
}

/** The §2.6 lane page skeleton. */
function laneSkeleton(lane: string): string {
  return `# lane: ${lane}\n\n## Role\n\n(none)\n\n## Current assignment\n\n(none)\n\n## Last outcome\n\n(none)\n\n## Open items\n\n(none)\n`;
}

/**
 * Append a section `### [<UTC stamp>] <heading>` + `lines` to `<wikiDir>/lanes/<lane>.md`, creating
 * the page from the §2.6 skeleton (`# lane: <name>`, Role, Current assignment, Last outcome, Open
 * items) when missing. Append-only (one write, blank line before). Returns the page path. Throws
 * LoopError `bad-lane-name` unless lane matches `^[A-Za-z][A-Za-z0-9_-]*$`, `write-failed`.
 */
export function appendLanePage(wikiDir: string, lane: string, heading: string, lines: readonly string[], now: Date): string {
  if (!/^[A-Za-z][A-Za-z0-9_-]*$/.test(lane)) throw new LoopError('bad-lane-name', `lane name ${JSON.stringify(lane)} is not [A-Za-z][A-Za-z0-9_-]*`);
  const path = join(wikiDir, 'lanes', `${lane}.md`);
  writeFileExclusive(path, laneSkeleton(lane)); // false = page already there; never overwritten
  const text = lines.length ? `\n${withNl(lines.join('\n'))}` : '';
  appendLine(path, `### [${utcStamp(now)}] ${oneLine(heading)}\n${text}`, { blankLineBefore: true });
  return path;
}

/** Structural subset of a decision document (engine/protocol DecisionDoc satisfies it). */
export interface DecisionEntryInput {
  id: string;
  status: string;
  created_at: string;
  decided_at: string | null;
  critique: string;
  actions: ReadonlyArray<{ idx: number; classification: string; status: string; action: { kind: string; lane?: string; window?: string; task?: string | null; rationale?: string } }>;
}

/**
 * Render a decision as a checkpoint entry (§2.3, engine spec §8.5): `### [<decided_at or created_at>]
 * decision <id> (<status>)`, a blank line, the stripped critique + blank line when non-empty, then
 * one `<idx>. <kind> <lane|window|-> [<classification>/<status>]: <rationale>` line per action
 * (newlines in text collapse to spaces). Ends with `\n`. Pure.
 */
export function renderDecisionEntry(d: DecisionEntryInput): string {
  // The critique is quoted line by line, so brain text can never pass for an entry header
  // (`### …`, which would skew rotation) or for the marker.
  const critique = d.critique.trim().split('\n').map((l) => (l.trim() ? `> ${l}` : '>')).join('\n');
  const target = (a: DecisionEntryInput['actions'][number]['action']): string => a.lane ?? a.window ?? (a.kind === 'task_status' && a.task ? a.task : '-');
  const rows = d.actions.map((a) => `${a.idx}. ${a.action.kind} ${target(a.action)} [${a.classification}/${a.status}]: ${oneLine(a.action.rationale ?? '')}`);
  const head = `### [${d.decided_at ?? d.created_at}] decision ${d.id} (${d.status})\n\n`;
  return `${head}${d.critique.trim() ? `${critique}\n\n` : ''}${rows.map((r) => `${r}\n`).join('')}`;
}
