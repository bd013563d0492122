/**
 * Checkpoint prompt assembly (spec/wiki-tasks-pm-deck.md §4): header + projected checkpoint.md +
 * index.md + pending mailbox summary. The compiled region of checkpoint.md is projected from the
 * ledger (§4.2); everything from the coord-decisions marker on is copied byte for byte. Size does
 * not grow with session age: only filenames of pending mail and the last 5 log headings are read.
 * Pure functions first (unit-tested), then one reader that gathers the inputs from a project.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderPending } from '../wiki/pending.js';
import { lastLogLines } from '../wiki/log.js';

export const COORD_MARKER_TEXT = '<!-- coord-decisions -->';
/** Warn above this many tokens (bytes/4), spec §4.3. */
export const WARN_TOKENS = 24_000;
/** Refuse above this many tokens unless a ceiling is given, spec §4.3. */
export const DEFAULT_CEILING = 48_000;

/** The built-in header when no `--header-file` is given (spec §4.1). */
export const DEFAULT_HEADER = [
  '# Coordinator boot',
  '',
  'Read the compiled state below (checkpoint, index, pending mail). Drill into ops-wiki pages by path only if needed.',
  'Decide one next step per lane, or stop. Critique first: what is unproven or only inferred, and what would',
  'falsify your confidence fastest? Write the decision and its reasoning into the coord section of',
  'ops-wiki/checkpoint.md (below the coord-decisions marker) and into the loop page. Dispatch; do not implement.',
].join('\n');

export interface CheckpointInputs {
  header: string;
  /** checkpoint.md text (null: missing). */
  checkpoint: string | null;
  index: string | null;
  /** Raw ledger text (null: missing). */
  ledgerRaw: string | null;
  /** Pending mailbox file names, oldest first. */
  pending: string[];
  processedCount: number;
  /** Last log.md lines starting `## [` (at most 5); null when log.md is missing. */
  logTail: string[] | null;
}

export interface AssembledCheckpoint { text: string; bytes: number; tokens: number }

const trimNl = (s: string): string => s.replace(/\n+$/, '');

function section(above: string, heading: string): string | null {
  const at = above.indexOf(`## ${heading}`);
  if (at < 0) return null;
  const rest = above.slice(at + 3 + heading.length);
  const end = rest.indexOf('\n## ');
  const body = (end < 0 ? rest : rest.slice(0, end)).trim();
  return body === '' ? null : body;
}

function renderValue(v: unknown): string {
  return Array.isArray(v) ? v.map(String).join(',') : typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/**
 * Project the compiled region of checkpoint.md from the ledger (spec §4.2). A missing, empty or
 * unparseable ledger, or one that is not a non-empty object, yields `checkpoint` verbatim; so does
 * any failure inside the projection. BELOW (marker onward) is appended byte for byte. Pure.
 */
export function projectCheckpoint(checkpoint: string, ledgerRaw: string | null): string {
  if (!ledgerRaw) return checkpoint;
  let ledger: unknown;
  try { ledger = JSON.parse(ledgerRaw.replace(/^\uFEFF/, '')); } catch { return checkpoint; }
  if (typeof ledger !== 'object' || ledger === null || Array.isArray(ledger) || Object.keys(ledger).length === 0) return checkpoint;
  try {
    const l = ledger as Record<string, unknown>;
    const at = checkpoint.indexOf(COORD_MARKER_TEXT);
    const above = at < 0 ? checkpoint : checkpoint.slice(0, at);
    const below = at < 0 ? '' : checkpoint.slice(at);
    const objective = l.objective ? String(l.objective) : section(above, 'Current objective') ?? '(none recorded in ledger)';
    let loops: string;
    const lm = l.loops;
    if (lm && typeof lm === 'object' && !Array.isArray(lm) && Object.keys(lm).length > 0) {
      loops = Object.entries(lm as Record<string, unknown>).map(([id, raw]) => {
        const e = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
        const parts = [`status=${e.status ? String(e.status) : '?'}`];
        for (const k of ['branch', 'blast_radius', 'artifacts', 'commits']) {
          const v = e[k];
          if (v && !(Array.isArray(v) && v.length === 0)) parts.push(`${k}=${renderValue(v)}`);
        }
        return `- **${id}** — ${parts.join('; ')}`;
      }).join('\n');
    } else loops = section(above, 'Loop states') ?? '(none)';
    const cl = Array.isArray(l.open_conflicts) && l.open_conflicts.length ? l.open_conflicts : Array.isArray(l.conflicts) && l.conflicts.length ? l.conflicts : null;
    const conflicts = cl ? cl.map((c) => `- ${renderValue(c)}`).join('\n') : section(above, 'Open conflicts') ?? '(none)';
    const out = ['# checkpoint', '', '_Compiled from the canonical loop ledger (.loop/orchestrator-state.json) at boot; do not hand-edit this region._'];
    if (l.updated_at) out.push('', `_ledger as-of: ${String(l.updated_at)}_`);
    out.push('', '## Current objective', objective, '', '## Loop states', loops, '', '## Open conflicts', conflicts);
    let text = out.join('\n') + '\n';
    if (below !== '') text += '\n' + below;
    return text;
  } catch {
    return checkpoint;
  }
}

/**
 * The `loop-wiki-pending` normal-mode summary (spec §3.1), without a trailing newline: the same
 * lines `loop wiki-pending` prints (substrate/wiki/pending.ts renderPending). Pure.
 */
export function pendingSummary(pending: readonly string[], processedCount: number, logTail: readonly string[] | null): string {
  return renderPending({ pending: [...pending], processed: processedCount, lastLog: logTail === null ? null : [...logTail], problems: [] }).join('\n');
}

/**
 * Assemble the prompt (spec §4.1): header, blank, `--- ops-wiki/checkpoint.md ---` + projection,
 * blank, `--- ops-wiki/index.md ---` + index, blank, the pending summary. Each inserted text has its
 * trailing newlines removed; the returned text ends with one newline. `bytes` = UTF-8 length without
 * that newline, `tokens` = floor(bytes/4). Pure.
 */
export function assembleCheckpoint(i: CheckpointInputs): AssembledCheckpoint {
  const body = [
    trimNl(i.header), '',
    '--- ops-wiki/checkpoint.md ---', trimNl(projectCheckpoint(i.checkpoint ?? '', i.ledgerRaw)), '',
    '--- ops-wiki/index.md ---', trimNl(i.index ?? ''), '',
    '--- pending mailbox summary (scripts/loop-wiki-pending.sh) ---', trimNl(pendingSummary(i.pending, i.processedCount, i.logTail)),
  ].join('\n');
  const bytes = Buffer.byteLength(body);
  return { text: body + '\n', bytes, tokens: Math.floor(bytes / 4) };
}

/** Verdict of the size gates: `ok`, `warn` (> 24,000 tokens) or `refuse` (> ceiling). Pure. */
export function sizeVerdict(tokens: number, ceiling = DEFAULT_CEILING): 'ok' | 'warn' | 'refuse' {
  return tokens > ceiling ? 'refuse' : tokens > WARN_TOKENS ? 'warn' : 'ok';
}

/** The stderr size-report lines for a prompt (spec §4.3). Pure. */
export function sizeReport(a: AssembledCheckpoint, ceiling = DEFAULT_CEILING): string[] {
  const lines = [`prompt size: ${a.bytes} bytes (~${a.tokens} tokens, bytes/4)`];
  const v = sizeVerdict(a.tokens, ceiling);
  if (v !== 'ok') lines.push(`warning: prompt is ~${a.tokens} tokens, over the ${WARN_TOKENS}-token budget; trim ops-wiki/checkpoint.md and ops-wiki/index.md`);
  if (v === 'refuse') lines.push(`error: prompt is ~${a.tokens} tokens, over the hard ceiling of ${ceiling}; rotate ops-wiki/checkpoint.md (engine checkpoint.keep_decisions) or raise the ceiling`);
  return lines;
}

const readOrNull = (p: string): string | null => { try { return readFileSync(p, 'utf8'); } catch (e) { if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null; throw e; } };
const mdNames = (dir: string): string[] => { try { return readdirSync(dir, { withFileTypes: true }).filter((d) => d.isFile() && d.name.endsWith('.md')).map((d) => d.name); } catch { return []; } };

/**
 * Gather the inputs from project `root`: header from `headerFile` (re-read on every call; null →
 * DEFAULT_HEADER), ops-wiki/checkpoint.md and index.md, the ledger, the mailbox file names and the
 * last 5 `## [` lines of ops-wiki/log.md.
 * @throws Error when `headerFile` is given but cannot be read, or a file exists but is unreadable.
 */
export function readCheckpointInputs(root: string, headerFile: string | null): CheckpointInputs {
  const header = headerFile === null ? DEFAULT_HEADER : readFileSync(headerFile, 'utf8');
  const wiki = join(root, 'ops-wiki');
  const mailbox = join(root, '.loop', 'messages');
  const log = readOrNull(join(wiki, 'log.md'));
  return {
    header,
    checkpoint: readOrNull(join(wiki, 'checkpoint.md')),
    index: readOrNull(join(wiki, 'index.md')),
    ledgerRaw: readOrNull(join(root, '.loop', 'orchestrator-state.json')),
    pending: mdNames(mailbox).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
    processedCount: mdNames(join(mailbox, 'processed')).length,
    logTail: log === null ? null : lastLogLines(log, 5),
  };
}
