/**
 * Lane-health watchdog, the pure part (spec/substrate.md §12): which lanes are watched, whether a
 * lane's command is an AI command, what to do on each sighting, and the JSONL lines. No I/O; the
 * loop that polls tmux and acts lives in watchdog-run.ts.
 *
 * Departures (spec §16.12): counters are keyed by the exact lane name (`web-2` and `web_2` no longer
 * collide), JSON lines are fully escaped (JSON.stringify), and the restart is typed literally.
 */
import type { PaneInfo } from './tmux/panes.js';
import { resolveLane, windowPanes } from './lanes.js';
import { HARNESSES, getHarness, isBareShell } from './harness/registry.js';

/** Fixed lanes the watchdog looks after, in pass order (ops and coord are never watched). */
export const WATCHED_FIXED = ['web', 'infra', 'docs', 'validate-left', 'validate-right'] as const;
export type WatchedFixed = (typeof WATCHED_FIXED)[number];

/** One watched lane as seen in one pass. */
export interface WatchEntry {
  lane: string;
  /** Pane id `%n`. */
  target: string;
  /** The launch line to type on restart. */
  cmd: string;
  /** `#{pane_current_command}` now. */
  current: string;
  /** Recorded harness (`@loop_lane_harness`), '' when unknown. */
  harness: string;
}

/**
 * The watched set, rebuilt every pass (spec §12): the fixed lanes web, infra, docs, validate-left,
 * validate-right with the command passed for them (else the slot's recorded `@loop_lane_cmd` pane
 * option, ours), then every window tagged `@loop_lane=1` with a non-empty `@loop_lane_cmd` (lane =
 * window name, target = its first pane). Entries with an empty command or no pane are skipped.
 */
export function watchedSet(panes: PaneInfo[], fixedCmds: Partial<Record<WatchedFixed, string>>): WatchEntry[] {
  const out: WatchEntry[] = [];
  const seen = new Set<string>();
  for (const lane of WATCHED_FIXED) {
    const r = resolveLane(panes, lane);
    if (!r) continue;
    const cmd = fixedCmds[lane] || r.pane.opts.cmd;
    if (!cmd) continue;
    out.push({ lane, target: r.pane.paneId, cmd, current: r.pane.currentCommand, harness: r.pane.opts.harness });
    seen.add(r.pane.windowName);
  }
  const windows = new Set<string>();
  for (const p of panes) {
    if (p.opts.lane !== '1' || windows.has(p.windowId)) continue;
    windows.add(p.windowId);
    const first = windowPanes(panes, p.windowName)[0];
    if (!first || !first.opts.cmd || seen.has(p.windowName)) continue;
    out.push({ lane: p.windowName, target: first.paneId, cmd: first.opts.cmd, current: first.currentCommand, harness: first.opts.harness });
  }
  return out;
}

const NOT_AI = new Set(['shell', 'mprocs', 'cmd', 'demo']);
/** First tokens of the AI harnesses' launch lines: pi claude opencode codex cursor-agent hermes droid forge amp openclaw gemini aider. */
const AI_FIRST_TOKENS: ReadonlySet<string> = new Set(HARNESSES.filter((h) => !NOT_AI.has(h.name) && h.launch_cmd).map((h) => h.launch_cmd.split(/\s+/)[0]!));

/**
 * Is this an AI lane that may be restarted (spec §12)? True when the recorded harness is a registry
 * harness other than shell/mprocs (the demo agent included), or when the command's first token is
 * the first token of an AI harness's launch line (`claude --x` → true, `tail -f x` → false).
 */
export function isAiCommand(cmd: string, harness = ''): boolean {
  if (harness && harness !== 'shell' && harness !== 'mprocs' && harness !== 'cmd' && getHarness(harness)) return true;
  const tok = (cmd.trim().split(/\s+/)[0] ?? '').replace(/^'|'$/g, '');
  return AI_FIRST_TOKENS.has(tok.split('/').pop() ?? tok);
}

/** What the watchdog remembers about one lane between passes (in memory only). */
export interface LaneMemory { failures: number; gaveUp: boolean }

export type Verdict =
  | { kind: 'live' }
  | { kind: 'shell-lane' }
  | { kind: 'restart'; attempt: number }
  | { kind: 'give-up' }
  | { kind: 'given-up' };

/**
 * One sighting of `entry` (spec §12 "Per entry"): not a bare shell → live (counter and given-up
 * flag reset); a bare shell in a non-AI lane → left alone; in an AI lane → restart while the
 * failure counter stays ≤ `max`, then give up once (a `giving-up` line), then nothing until the
 * lane is seen live again. With max 3 a dead lane is restarted 3 times and the 4th sighting gives up.
 */
export function decide(entry: Pick<WatchEntry, 'cmd' | 'current' | 'harness'>, mem: LaneMemory | undefined, max: number): { verdict: Verdict; mem: LaneMemory } {
  const m = mem ?? { failures: 0, gaveUp: false };
  if (!isBareShell(entry.current)) return { verdict: { kind: 'live' }, mem: { failures: 0, gaveUp: false } };
  if (!isAiCommand(entry.cmd, entry.harness)) return { verdict: { kind: 'shell-lane' }, mem: m };
  if (m.gaveUp) return { verdict: { kind: 'given-up' }, mem: m };
  const failures = m.failures + 1;
  if (failures > max) return { verdict: { kind: 'give-up' }, mem: { failures, gaveUp: true } };
  return { verdict: { kind: 'restart', attempt: failures }, mem: { failures, gaveUp: false } };
}

/** A restart line: `{"timestamp","session","lane","target","cmd"}` — no `event` key (spec §12). */
export function restartLine(ts: string, session: string, e: Pick<WatchEntry, 'lane' | 'target' | 'cmd'>): string {
  return JSON.stringify({ timestamp: ts, session, lane: e.lane, target: e.target, cmd: e.cmd });
}

/** A lifecycle line: `{"timestamp","event","session","lane","target","cmd"}`; the event is `giving-up`. */
export function givingUpLine(ts: string, session: string, e: Pick<WatchEntry, 'lane' | 'target' | 'cmd'>): string {
  return JSON.stringify({ timestamp: ts, event: 'giving-up', session, lane: e.lane, target: e.target, cmd: e.cmd });
}

/** Seconds from a flag or env value: a finite number ≥ `min`, else null. Pure. */
export function parseSeconds(v: string | undefined, min = 0): number | null {
  if (v === undefined || v.trim() === '') return null;
  const n = Number(v);
  return Number.isFinite(n) && n >= min ? n : null;
}
