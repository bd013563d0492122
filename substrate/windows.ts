/**
 * Dynamic lanes (spec/substrate.md §3): add-lane creates a window tagged `@loop_lane=1` with its
 * metadata in `@loop_lane_*` window options (set by window id), drop-lane kills it by id after an
 * exact-name lookup and refuses base windows without `force`, list-lanes reports every window.
 */
import type { Tmux } from './tmux/server.js';
import { arg } from './tmux/server.js';
import { listPanes, SEP, optionName, type LaneOptions } from './tmux/panes.js';
import { windowLanes, LANE_NAME, type WindowLane } from './lanes.js';
import { getHarness, harnessNames, isKnownHarness, resolveLaunch } from './harness/registry.js';
import { waitForShells, typeLine, missingBinaryWarning } from './sessions.js';
import { LoopError } from './errors.js';

export interface AddLaneInput {
  session: string;
  window: string;
  harness?: string;
  cmd?: string;
  model?: string;
  role?: string;
  kind?: string;
  autoApprove?: boolean;
  /** Working directory of the lane (default: the project root). */
  cwd: string;
  /** Give the lane its own git worktree (implemented by the substrate worktree helper). */
  worktree?: boolean;
  projectRoot: string;
}

export interface AddLaneResult { windowId: string; paneId: string; harness: string; launch: string; notes: string[] }

/**
 * Create a dynamic lane and type its launch line.
 * @throws LoopError usage (bad kind, bad name, neither harness nor cmd, unknown harness) | window-exists
 */
export async function addLane(tmux: Tmux, input: AddLaneInput): Promise<AddLaneResult> {
  const notes: string[] = [];
  if (input.kind !== undefined && input.kind !== 'standing' && input.kind !== 'worker') {
    throw new LoopError('usage', `add-lane: --kind must be 'standing' or 'worker' (got '${input.kind}')`, { exitCode: 1 });
  }
  if (!LANE_NAME.test(input.window)) throw new LoopError('usage', `add-lane: window name '${input.window}' must start with a letter, then letters, digits, _ or -`, { exitCode: 1 });
  if (!input.harness && !input.cmd) throw new LoopError('usage', 'add-lane: pass --harness <name> or --cmd <command>', { exitCode: 1 });
  for (const [flag, v] of [['--cmd', input.cmd], ['--role', input.role], ['--model', input.model], ['--harness', input.harness]] as const) {
    // eslint-disable-next-line no-control-regex -- matching control characters is the point
    if (v && /[\x00-\x1f\x7f]/.test(v)) throw new LoopError('usage', `add-lane: ${flag} must be a single line without control characters`, { exitCode: 1 });
  }
  let harness: string;
  let launch: string;
  let model: string | null = null;
  if (input.cmd) {
    harness = 'cmd';
    launch = input.cmd;
    if (input.harness) notes.push(`note: --harness '${input.harness}' ignored because --cmd was given`);
  } else {
    harness = input.harness!;
    if (!isKnownHarness(harness)) throw new LoopError('usage', `add-lane: unknown harness '${harness}' (known: ${harnessNames().join(' ')})`, { exitCode: 1 });
    const h = getHarness(harness)!;
    launch = resolveLaunch(harness, input.model ?? null);
    if (input.model && (h.model_flag === 'config' || h.model_flag === 'skip' || !h.model_flag)) {
      notes.push(`note: --model '${input.model}' not applied; harness '${harness}' selects its model via config`);
    } else if (input.model) model = input.model;
    if (input.autoApprove) {
      if (h.auto_approve_flag) launch = `${launch} ${h.auto_approve_flag}`;
      else notes.push(`note: --auto-approve has no effect for harness '${harness}'`);
    }
  }
  const panes = await listPanes(tmux, input.session);
  if (panes.some((p) => p.windowName === input.window)) {
    throw new LoopError('window-exists', `add-lane: window '${input.window}' already exists in session '${input.session}'`, { exitCode: 1 });
  }
  const env = ['-e', `LOOP_LANE=${input.window}`, '-e', `LOOP_SESSION=${input.session}`, '-e', `LOOP_PROJECT_ROOT=${input.projectRoot}`];
  const out = await tmux.out(['new-window', '-d', '-t', `=${arg(input.session)}:`, '-n', input.window, '-c', input.cwd, ...env, '-P', '-F', `#{window_id}${SEP}#{pane_id}`]);
  const [windowId, paneId] = out.trim().split(SEP) as [string, string];
  const set = (k: keyof LaneOptions, v: string): string[] => ['set-option', '-w', '-t', windowId, optionName(k), arg(v)];
  const cmds = [set('lane', '1'), set('harness', harness), set('cmd', launch)];
  if (model) cmds.push(set('model', model));
  if (input.role) cmds.push(set('role', input.role));
  if (input.kind) cmds.push(set('kind', input.kind));
  await tmux.batch(cmds);
  const warn = launch ? await missingBinaryWarning(input.window, launch) : null;
  if (warn) notes.push(warn);
  if (launch) {
    await waitForShells(tmux, [paneId], 3000);
    await typeLine(tmux, paneId, launch);
  }
  return { windowId, paneId, harness, launch, notes };
}

/**
 * Kill a dynamic lane's window. Exact name lookup; a base window is refused unless `force`.
 * Automation (the engine) never passes force (CONTRACT.md).
 * @throws LoopError window-not-found | base-lane
 */
export async function dropLane(tmux: Tmux, session: string, window: string, force = false): Promise<{ windowId: string }> {
  const panes = await listPanes(tmux, session);
  const pane = panes.find((p) => p.windowName === window);
  if (!pane) throw new LoopError('window-not-found', `drop-lane: window '${window}' not found in session '${session}'`, { exitCode: 1 });
  if (pane.opts.lane !== '1' && !force) {
    throw new LoopError('base-lane', `drop-lane: window '${window}' was not created by add-lane; refusing (pass --force to override)`, { exitCode: 1, hint: 'base lanes are protected; only a person drops them' });
  }
  await tmux.run(['kill-window', '-t', pane.windowId]);
  return { windowId: pane.windowId };
}

/** Every window of the session with its lane metadata (spec §3.5). */
export async function listLanes(tmux: Tmux, session: string): Promise<WindowLane[]> {
  return windowLanes(await listPanes(tmux, session));
}
