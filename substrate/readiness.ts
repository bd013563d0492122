/**
 * The lane-status classifier (spec/substrate.md §6.2–§6.5): a captured pane screen in, one of five frozen words
 * out. Pure: no I/O, no clock, no environment reads (the caller passes LOOP_LANE_IDLE_HOME_PATTERN in).
 *
 * Rule chain, first match wins (§6.4): awaiting-approval → working → errored → idle → unknown, over TAIL (the
 * last 40 non-trailing-blank lines) and BOTTOM (TAIL's last 5 lines). Every pattern is a JS regex with the `u`
 * flag tested against one line at a time, so character classes match by code point under any locale: box-drawing
 * (`│ > │`) and `➜` lines can never pass for a braille spinner (acceptance 42, quirk 3).
 *
 * Deliberate differences from the reference (§16): trailing blank lines are dropped *before* the 40-line cut
 * (quirk 1), and an echoed status line (`Web: ⠙ Working...`) only drops itself from the spinner lines instead of
 * vetoing genuine ones (quirk 4). Kept on purpose (quirk 5): a plain `user@host:~$ ` prompt is `unknown`; only a
 * prompt glyph alone on its line or a themed prompt (`➜ `, `git:(main) ✗`, trailing `❯`) reads as idle.
 */
import { getHarness } from './harness/registry.js';

/** The five status words (spec §6.1; frozen by contract_version 1). */
export type LaneStatus = 'working' | 'awaiting-approval' | 'idle' | 'errored' | 'unknown';

/** All status words, in the order of spec §6.1. */
export const LANE_STATUSES: readonly LaneStatus[] = Object.freeze(['working', 'awaiting-approval', 'idle', 'errored', 'unknown'] as const);

/** Options for {@link classifyScreen}. */
export interface ClassifyOptions {
  /** Per-harness markers from the registry, as JS regex sources (matched with the `u` flag, per line). Empty/undefined = none. */
  workingMarker?: string; idleMarker?: string;
  /** Extra approval prompt of the harness (ours, additive): matched on BOTTOM lines besides the §6.4 rule-1 patterns. */
  approvalMarker?: string;
  /** Extra idle home-chrome regex (env LOOP_LANE_IDLE_HOME_PATTERN), appended as an alternative. */
  idleHomePattern?: string;
}

const TAIL_LINES = 40;
const BOTTOM_LINES = 5;

/** Rule 1 (§6.4): an approval prompt on a BOTTOM line. */
const APPROVAL = /Do you want to proceed\?|❯ [0-9]+\. Yes|Allow this tool|\(y\/n\)|\(Y\/n\)|\(y\/N\)|Proceed\?|Esc to cancel · Tab to amend|waiting for your response/u;
/** Rule 2a: an elapsed-time parenthesis (`(12s`, `(1m 36s`) on a TAIL line that also holds a live word. */
const TIMER = /\([0-9][0-9 hms]*[hms]/u;
const LIVE_WORD = /esc to interrupt|tokens|thinking|Working|Thinking|Generating|Reasoning/u;
/** Rule 2b: a verb with three ASCII dots on a BOTTOM line (the Unicode `…` does not count). */
const VERBS: readonly string[] = [
  'Working...', 'Thinking...', 'Orbiting', 'Planning...', 'Searching...', 'Envisioning', 'Analyzing...',
  'Inspecting...', 'Running...', 'Reading file', 'Reasoning...', 'Computing...', 'Generating...', 'Loading...',
];
/** Rule 2c: a braille spinner at line start on a TAIL line. */
const BRAILLE_START = /^\s*[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/u;
/** An echoed lane status line (`Web: …`): never a spinner of this pane's own. */
const ECHOED = /^(?:Web|Infra|Docs|Validate|Ops|Coord):/u;
/** Rule 3: an error on a BOTTOM line. */
const ERRORED = /^(?:Error|FATAL|Fatal|Failed):|command not found|exit code [1-9]|Traceback \(most recent|Unhandled exception|Permission denied|tmux:.*session not found/u;
/** Rule 4(i) default home chrome when the harness declares no idle marker. */
const DEFAULT_HOME = /accept edits on|bypass permissions on/u;
/** Rule 4(ii) a prompt glyph alone; 4(iii) a themed prompt. Both on BOTTOM lines. */
const PROMPT_ALONE = /^\s*[$%❯]\s*$/u;
const THEMED_PROMPT = /^\s*➜\s|git:\([^)]+\)\s*[✗✔✓±]?\s*$|❯\s*$/u;

const compiled = new Map<string, RegExp | null>();

/**
 * Compile a marker source with the `u` flag, memoised. Empty/undefined → undefined (no marker); an invalid
 * source → undefined too, so the caller falls back to the heuristics for that marker instead of throwing.
 */
function marker(source: string | undefined): RegExp | undefined {
  if (!source) return undefined;
  let re = compiled.get(source);
  if (re === undefined) {
    try { re = new RegExp(source, 'u'); } catch { re = null; }
    if (compiled.size >= 256) compiled.clear();
    compiled.set(source, re);
  }
  return re ?? undefined;
}

/** Split a capture into lines (tolerating CRLF) and drop trailing blank (empty or whitespace-only) lines. */
function trimmedLines(text: string): string[] {
  const lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  let end = lines.length;
  while (end > 0 && /^\s*$/u.test(lines[end - 1] ?? '')) end--;
  return lines.slice(0, end);
}

/**
 * Keep the last `n` lines of a captured screen after dropping trailing blank lines, joined with `\n` (no trailing
 * newline; `''` when the screen is blank). Trimming first means a tall pane whose content sits near the top still
 * yields that content (spec §16 quirk 1 fixed; the reference cuts first). `n` is a line count, default 40 (§6.2).
 * Throws RangeError when `n` is not a positive integer.
 */
export function screenTail(text: string, n: number = TAIL_LINES): string {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`screenTail: n must be a positive integer, got ${n}`);
  return trimmedLines(text).slice(-n).join('\n');
}

/**
 * Classify a captured pane screen (plain text, no escape sequences; tailed or not: it applies
 * {@link screenTail} itself) into one status word, by the rule chain of spec §6.4:
 * 1. `awaiting-approval` — a BOTTOM line shows an approval prompt (the §6.4 patterns, or `approvalMarker`);
 * 2. `working` — spinner lines exist: with `workingMarker`, the TAIL lines matching it (the heuristics are then
 *    off); otherwise TAIL lines with a timer and a live word, BOTTOM lines with a `Verb...`, and TAIL lines that
 *    start with a braille spinner. Echoed status lines (`Web:`, `Infra:`, …) are dropped from that set first;
 * 3. `errored` — a BOTTOM line shows an error (`Error:`/`FATAL:` at line start, `command not found`, …);
 * 4. `idle` — a TAIL line matches the home chrome (`idleMarker`, else `accept edits on|bypass permissions on`, or
 *    `idleHomePattern`), or a BOTTOM line is a prompt glyph alone (`$`, `%`, `❯`) or a themed prompt;
 * 5. `unknown` — otherwise, and for a blank screen. Callers must never auto-act on `unknown` or `errored`.
 * A marker or home pattern that is not a valid regex never throws: it is ignored (heuristics for that marker).
 * Quirk 5 is kept: `user@host:~$ ` is `unknown` (the glyph is not alone on its line).
 */
export function classifyScreen(text: string, opts: ClassifyOptions = {}): LaneStatus {
  const tail = trimmedLines(text).slice(-TAIL_LINES);
  if (tail.length === 0) return 'unknown';
  const bottom = tail.slice(-BOTTOM_LINES);

  const approval = marker(opts.approvalMarker);
  if (bottom.some((l) => APPROVAL.test(l) || (approval?.test(l) ?? false))) return 'awaiting-approval';

  const working = marker(opts.workingMarker);
  const spinnerLines = working
    ? tail.filter((l) => working.test(l))
    : [
        ...tail.filter((l) => TIMER.test(l) && LIVE_WORD.test(l)),
        ...bottom.filter((l) => VERBS.some((v) => l.includes(v))),
        ...tail.filter((l) => BRAILLE_START.test(l)),
      ];
  if (spinnerLines.some((l) => !ECHOED.test(l))) return 'working';

  if (bottom.some((l) => ERRORED.test(l))) return 'errored';

  const home = [marker(opts.idleMarker) ?? DEFAULT_HOME, marker(opts.idleHomePattern)].filter((r): r is RegExp => r !== undefined);
  if (tail.some((l) => home.some((r) => r.test(l)))) return 'idle';
  if (bottom.some((l) => PROMPT_ALONE.test(l) || THEMED_PROMPT.test(l))) return 'idle';

  return 'unknown';
}

/**
 * Classify a screen for a lane whose declared harness is `harness` (the window's `@loop_lane_harness`): its
 * `working_marker`/`idle_marker`/`approval_marker` come from the registry (spec §6.3); a null/empty or unknown harness name (e.g.
 * `cmd`) means no markers, i.e. pure heuristics. `idleHomePattern` is LOOP_LANE_IDLE_HOME_PATTERN (empty = none).
 * Same result and error behaviour as {@link classifyScreen}.
 */
export function classifyForHarness(text: string, harness: string | null | undefined, idleHomePattern?: string): LaneStatus {
  const h = harness ? getHarness(harness) : undefined;
  return classifyScreen(text, { workingMarker: h?.working_marker, idleMarker: h?.idle_marker, approvalMarker: h?.approval_marker, idleHomePattern });
}
