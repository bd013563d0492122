/**
 * Listing panes with every field loopdeck needs in ONE tmux call (`list-panes -s -F`), including
 * the lane metadata kept in `@loop_lane_*` options (window options for dynamic lanes, pane options
 * for base lanes; a format lookup reads the pane's then the window's value). Pure parsing is split
 * out so it can be unit-tested without tmux.
 */
import type { Tmux } from './server.js';
import { arg } from './server.js';
import { LoopError } from '../errors.js';
import { ProcError } from '../proc/run.js';

export const SEP = '\x1f';

/** One pane as tmux reports it. Ids are tmux's immutable `@n` / `%n`. */
export interface PaneInfo {
  sessionName: string;
  windowId: string;
  windowIndex: number;
  windowName: string;
  paneId: string;
  paneIndex: number;
  currentCommand: string;
  currentPath: string;
  panePid: number;
  dead: boolean;
  width: number;
  height: number;
  /** The pane is in a mode (copy mode after a person scrolled back): keys go to the mode, not the program. */
  inMode: boolean;
  /** Raw `@loop_lane*` values; '' when unset. */
  opts: LaneOptions;
}

/** The lane metadata options of CONTRACT.md (spec/substrate.md §3.1). */
export interface LaneOptions {
  lane: string; harness: string; model: string; role: string; kind: string; isolation: string; branch: string; cmd: string;
}

const OPTION_KEYS: Array<[keyof LaneOptions, string]> = [
  ['lane', '@loop_lane'], ['harness', '@loop_lane_harness'], ['model', '@loop_lane_model'], ['role', '@loop_lane_role'],
  ['kind', '@loop_lane_kind'], ['isolation', '@loop_lane_isolation'], ['branch', '@loop_lane_branch'], ['cmd', '@loop_lane_cmd'],
];

/** tmux option name for a LaneOptions key, e.g. `harness` → `@loop_lane_harness`. */
export function optionName(key: keyof LaneOptions): string {
  return OPTION_KEYS.find(([k]) => k === key)![1];
}

const FIELDS = [
  'session_name', 'window_id', 'window_index', 'window_name', 'pane_id', 'pane_index', 'pane_current_command',
  'pane_current_path', 'pane_pid', 'pane_dead', 'pane_width', 'pane_height', 'pane_in_mode',
];

/** The `-F` format string for list-panes: FIELDS then the lane options, SEP-separated. */
export const PANE_FORMAT = [...FIELDS.map((f) => `#{${f}}`), ...OPTION_KEYS.map(([, o]) => `#{${o}}`)].join(SEP);

/** Parse list-panes output produced with PANE_FORMAT. Lines with too few fields are skipped. */
export function parsePanes(out: string): PaneInfo[] {
  const panes: PaneInfo[] = [];
  for (const line of out.split('\n')) {
    if (!line) continue;
    const f = line.split(SEP);
    if (f.length < FIELDS.length + OPTION_KEYS.length) continue;
    const opts = {} as LaneOptions;
    OPTION_KEYS.forEach(([k], i) => { opts[k] = f[FIELDS.length + i] ?? ''; });
    // The cmd option is last, so a stray SEP inside it is rejoined rather than lost.
    opts.cmd = f.slice(FIELDS.length + OPTION_KEYS.length - 1).join(SEP);
    panes.push({
      sessionName: f[0]!, windowId: f[1]!, windowIndex: Number(f[2]), windowName: f[3]!, paneId: f[4]!,
      paneIndex: Number(f[5]), currentCommand: f[6]!, currentPath: f[7]!, panePid: Number(f[8]), dead: f[9] === '1',
      width: Number(f[10]), height: Number(f[11]), inMode: f[12] === '1', opts,
    });
  }
  return panes;
}

/**
 * All panes of `session`, in window order then pane index order.
 * @throws LoopError no-session (exit 1; lane-status maps it to 3) | no-server | tmux-missing | tmux-timeout
 */
export async function listPanes(tmux: Tmux, session: string, timeoutMs?: number): Promise<PaneInfo[]> {
  let out: string;
  try {
    out = await tmux.out(['list-panes', '-s', '-t', `=${arg(session)}:`, '-F', PANE_FORMAT], { timeoutMs });
  } catch (e) {
    if (e instanceof LoopError && (e.code === 'tmux-missing' || e.code === 'no-server')) throw e;
    if (e instanceof ProcError && e.result.timedOut) throw new LoopError('tmux-timeout', `tmux on ${tmux.label()} did not answer within ${e.result.durationMs} ms`, { hint: 'the tmux server may be stuck; check it with `tmux ls` (same -L)', cause: e });
    throw new LoopError('no-session', `tmux session '${session}' does not exist on ${tmux.label()}`, { exitCode: 1, hint: 'list sessions with `tmux ls` (same -L), or create it with `loop up --session ' + session + '`', cause: e });
  }
  return parsePanes(out).sort((a, b) => a.windowIndex - b.windowIndex || a.paneIndex - b.paneIndex);
}
