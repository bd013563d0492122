/**
 * The batched fleet sweep (DESIGN.md §7): one `list-panes` for the whole session, then ONE tmux
 * invocation that captures every lane's visible screen (captures chained with `;`, separated by
 * nonce delimiters), classified in-process. Never a process per lane.
 */
import { randomBytes } from 'node:crypto';
import type { Tmux } from './tmux/server.js';
import { ProcError } from './proc/run.js';
import { listPanes, type PaneInfo } from './tmux/panes.js';
import { fleet, resolveLane, type ResolvedLane } from './lanes.js';
import { classifyForHarness, screenTail, type LaneStatus } from './readiness.js';
import { isBareShell, getHarness } from './harness/registry.js';

/** One lane as observed: identity, metadata, status word and the last screen lines. */
export interface LaneState {
  lane: string;
  kind: 'fixed' | 'dynamic';
  /** The pane id (`%n`), the only target loopdeck uses. */
  target: string;
  window: string;
  windowId: string;
  harness: string | null;
  role: string | null;
  model: string | null;
  cmd: string | null;
  base: boolean;
  laneKind: 'standing' | 'worker';
  status: LaneStatus;
  currentCommand: string;
  /** The last `lines` non-trailing-blank lines of the visible screen. */
  tail: string;
}

export interface FleetObservation {
  session: string;
  generatedAt: string;
  lanes: LaneState[];
}

export interface ObserveOptions {
  /** Extra idle chrome regex (env LOOP_LANE_IDLE_HOME_PATTERN). */
  idleHomePattern?: string;
  /** Lines of screen kept per lane (default 40). */
  lines?: number;
  /** Per tmux call timeout in ms (env LOOP_LANE_STATUS_TMUX_TIMEOUT_S, default 2 s). */
  timeoutMs?: number;
}

/** Contract timestamp: UTC, second precision, `YYYY-MM-DDTHH:MM:SSZ`. */
export function contractTs(d = new Date()): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Capture the visible screens of `paneIds` in one tmux invocation. A pane that vanished or could
 * not be captured maps to null; the sweep never aborts (spec §6.1).
 */
export async function capturePanes(tmux: Tmux, paneIds: string[], timeoutMs?: number): Promise<Map<string, string | null>> {
  const result = new Map<string, string | null>();
  if (paneIds.length === 0) return result;
  const nonce = randomBytes(6).toString('hex');
  // display-message runs its text through strftime, so the mark must not contain `%`.
  const mark = (id: string): string => `\x1e${nonce}:${id.replace(/\D/g, '')}\x1e`;
  const cmds: string[][] = [];
  for (const id of paneIds) cmds.push(['capture-pane', '-p', '-t', id], ['display-message', '-p', mark(id)]);
  let out: string;
  try {
    out = await tmux.batch(cmds, { timeoutMs });
  } catch (e) {
    // One vanished pane aborts the rest of a tmux command list: keep what was printed, then
    // capture the remainder one by one (rare path).
    out = e instanceof ProcError ? e.result.stdout : '';
  }
  let rest = out;
  for (const id of paneIds) {
    const m = mark(id);
    const at = rest.indexOf(m);
    if (at < 0) break;
    result.set(id, rest.slice(0, at).replace(/\n$/, ''));
    rest = rest.slice(at + m.length).replace(/^\n/, '');
  }
  for (const id of paneIds) {
    if (result.has(id)) continue;
    try { result.set(id, await tmux.out(['capture-pane', '-p', '-t', id], { timeoutMs })); } catch { result.set(id, null); }
  }
  return result;
}

/** Classify one captured lane; an AI harness that fell back to a bare shell reads `errored`. */
export function laneStatus(pane: PaneInfo, text: string | null, idleHomePattern?: string): LaneStatus {
  if (text === null) return 'unknown';
  const harness = pane.opts.harness || null;
  const h = harness ? getHarness(harness) : undefined;
  if (h && h.launch_cmd && h.name !== 'shell' && isBareShell(pane.currentCommand)) return 'errored';
  return classifyForHarness(text, harness, idleHomePattern);
}

function toState(r: ResolvedLane, text: string | null, opts: ObserveOptions): LaneState {
  const p = r.pane;
  const base = p.opts.lane !== '1';
  const nz = (s: string): string | null => (s ? s : null);
  return {
    lane: r.lane, kind: r.kind, target: p.paneId, window: p.windowName, windowId: p.windowId,
    harness: nz(p.opts.harness), role: nz(p.opts.role), model: nz(p.opts.model), cmd: nz(p.opts.cmd), base,
    laneKind: p.opts.kind === 'standing' || p.opts.kind === 'worker' ? p.opts.kind : base ? 'standing' : 'worker',
    status: laneStatus(p, text, opts.idleHomePattern),
    currentCommand: p.currentCommand,
    tail: text === null ? '' : screenTail(text, opts.lines ?? 40),
  };
}

/** Observe and classify every lane of `session` in two tmux round trips. */
export async function observeFleet(tmux: Tmux, session: string, opts: ObserveOptions = {}): Promise<FleetObservation> {
  const panes = await listPanes(tmux, session, opts.timeoutMs);
  const lanes = fleet(panes);
  const shots = await capturePanes(tmux, lanes.map((l) => l.pane.paneId), opts.timeoutMs);
  return { session, generatedAt: contractTs(), lanes: lanes.map((l) => toState(l, shots.get(l.pane.paneId) ?? null, opts)) };
}

/** Observe one lane (resolution per spec §2). Returns null when the lane does not resolve. */
export async function observeLane(tmux: Tmux, session: string, lane: string, opts: ObserveOptions = {}): Promise<LaneState | null> {
  const panes = await listPanes(tmux, session, opts.timeoutMs);
  const r = resolveLane(panes, lane);
  if (!r) return null;
  const shots = await capturePanes(tmux, [r.pane.paneId], opts.timeoutMs);
  return toState(r, shots.get(r.pane.paneId) ?? null, opts);
}

/** Options from the environment (CONTRACT.md env vars). */
export function observeOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): ObserveOptions {
  const t = Number(env.LOOP_LANE_STATUS_TMUX_TIMEOUT_S);
  return { idleHomePattern: env.LOOP_LANE_IDLE_HOME_PATTERN || undefined, timeoutMs: Number.isFinite(t) && t > 0 ? t * 1000 : 2000 };
}
