/**
 * Lane ↔ pane resolution (spec/substrate.md §0, §2, §6.1), pure over a PaneInfo list so one
 * `list-panes` call serves every lookup. Window names match exactly, byte for byte — never by
 * prefix (the reference's `web` → `webx` quirk, §16.2, is fixed). Panes are returned by their tmux
 * id (`%n`); the N-th pane of a window is by numeric pane index, independent of pane-base-index.
 */
import type { PaneInfo } from './tmux/panes.js';

/** The six base windows created by `loop up`, in creation order. */
export const BASE_WINDOWS = ['coord', 'web', 'infra', 'validate', 'ops', 'docs'] as const;

/** The eight fixed lanes: lane name → (window, 1-based pane ordinal). */
export const FIXED_LANES: ReadonlyArray<{ lane: string; window: string; nth: number }> = [
  { lane: 'coord', window: 'coord', nth: 1 },
  { lane: 'web', window: 'web', nth: 1 },
  { lane: 'infra', window: 'infra', nth: 1 },
  { lane: 'validate-left', window: 'validate', nth: 1 },
  { lane: 'validate-right', window: 'validate', nth: 2 },
  { lane: 'ops-top', window: 'ops', nth: 1 },
  { lane: 'ops-bottom', window: 'ops', nth: 2 },
  { lane: 'docs', window: 'docs', nth: 1 },
];

export function isFixedLane(lane: string): boolean {
  return FIXED_LANES.some((f) => f.lane === lane);
}

/** Lane names must look like window names we create: a letter, then letters, digits, `_` or `-`. */
export const LANE_NAME = /^[A-Za-z][A-Za-z0-9_-]*$/;

/** Panes of one window (exact name), sorted by numeric pane index. */
export function windowPanes(panes: PaneInfo[], window: string): PaneInfo[] {
  const first = panes.find((p) => p.windowName === window);
  if (!first) return [];
  return panes.filter((p) => p.windowId === first.windowId).sort((a, b) => a.paneIndex - b.paneIndex);
}

export interface ResolvedLane {
  lane: string;
  kind: 'fixed' | 'dynamic';
  pane: PaneInfo;
}

/**
 * Resolve a lane name to its pane: fixed lanes by (window, ordinal); anything else is the first
 * pane of the window with exactly that name. Returns null when nothing matches.
 */
export function resolveLane(panes: PaneInfo[], lane: string): ResolvedLane | null {
  const fixed = FIXED_LANES.find((f) => f.lane === lane);
  if (fixed) {
    const pane = windowPanes(panes, fixed.window)[fixed.nth - 1];
    return pane ? { lane, kind: 'fixed', pane } : null;
  }
  const pane = windowPanes(panes, lane)[0];
  return pane ? { lane, kind: 'dynamic', pane } : null;
}

/**
 * The whole fleet in contract order (spec §6.1 `--all`): fixed lanes that resolve, in canonical
 * order, then every window tagged `@loop_lane=1` in window order (first pane), skipping names
 * already emitted.
 */
export function fleet(panes: PaneInfo[]): ResolvedLane[] {
  const out: ResolvedLane[] = [];
  const seen = new Set<string>();
  for (const f of FIXED_LANES) {
    const r = resolveLane(panes, f.lane);
    if (r) { out.push(r); seen.add(f.lane); }
  }
  const windows = new Set<string>();
  for (const p of panes) {
    if (p.opts.lane !== '1' || windows.has(p.windowId) || seen.has(p.windowName)) continue;
    windows.add(p.windowId);
    const pane = windowPanes(panes, p.windowName)[0];
    if (pane) { out.push({ lane: p.windowName, kind: 'dynamic', pane }); seen.add(p.windowName); }
  }
  return out;
}

/** A window as `list-lanes` reports it (spec §3.5). */
export interface WindowLane {
  window: string;
  windowId: string;
  harness: string | null;
  model: string | null;
  role: string | null;
  cmd: string | null;
  base: boolean;
  kind: 'standing' | 'worker';
}

/** Every window of the session in tmux order, with its lane metadata (first pane's options). */
export function windowLanes(panes: PaneInfo[]): WindowLane[] {
  const out: WindowLane[] = [];
  const seen = new Set<string>();
  for (const p of panes) {
    if (seen.has(p.windowId)) continue;
    seen.add(p.windowId);
    const base = p.opts.lane !== '1';
    const kind = p.opts.kind === 'standing' || p.opts.kind === 'worker' ? p.opts.kind : base ? 'standing' : 'worker';
    const nz = (s: string): string | null => (s ? s : null);
    out.push({ window: p.windowName, windowId: p.windowId, harness: nz(p.opts.harness), model: nz(p.opts.model), role: nz(p.opts.role), cmd: nz(p.opts.cmd), base, kind });
  }
  return out;
}
