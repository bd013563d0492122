/**
 * Dynamic lanes (spec/substrate.md §3): add-lane creates a window tagged `@loop_lane=1` with its
 * metadata in `@loop_lane_*` window options (set by window id), drop-lane kills it by id after an
 * exact-name lookup and refuses base windows without `force`, list-lanes reports every window.
 */
import type { Tmux } from './tmux/server.js';
import { arg } from './tmux/server.js';
import { listPanes, SEP, optionName, type LaneOptions } from './tmux/panes.js';
import { windowLanes, LANE_NAME, type WindowLane } from './lanes.js';
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
  /**
   * Run the lane in its own git worktree `<cwd>/.loop/worktrees/<session>/<window>` on branch
   * `loop/<session>/<window>` (spec §4). Agent harness lanes only: `cmd`, `shell` and `mprocs` lanes stay
   * shared (spec §3.2, acceptance 22) and get a note saying so. Without it only a registry harness whose
   * `isolation` is `worktree` gets one.
   */
  worktree?: boolean;
  /**
   * For a harness lane whose binary is on PATH: wait up to this many ms for the pane to leave its
   * bare shell (the harness process started; phase A of spec §3.3), so a caller that delivers a
   * brief right away does not find the shell. Default 5000; `loop add-lane` passes 0 (its own
   * `--wait-ready` does the waiting).
   */
  waitLaunchMs?: number;
  /** Working directory of the lane (default: the project root); the repo of a worktree lane. */
  cwd: string;
  projectRoot: string;
}

export interface AddLaneResult {
  windowId: string; paneId: string; harness: string; launch: string; notes: string[];
  /** The lane's worktree path and branch (null for shared lanes). */
  worktree: string | null; branch: string | null;
}

/** Window option holding a worktree lane's tree path (ours, additive to spec §3.1). */
export const WORKTREE_OPTION = '@loop_lane_worktree';

/**
 * Create a dynamic lane and type its launch line.
 * @throws LoopError usage (bad kind, bad name, neither harness nor cmd, unknown harness) | window-exists
 */
export async function addLane(tmux: Tmux, input: AddLaneInput): Promise<AddLaneResult> {
  const notes: string[] = [];
  // Loaded here, not at the top: list-lanes imports this file too and needs neither (startup cost).
  const { getHarness, harnessNames, isKnownHarness, resolveLaunch } = await import('./harness/registry.js');
  const { waitForShells, typeLine, missingBinaryWarning } = await import('./sessions.js');
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
  let cwd = input.cwd;
  let wt: { path: string; branch: string } | null = null;
  // Only agent harness lanes get a tree (spec §3.2 step 5, acceptance 22): a shell, a dashboard or a literal
  // command stays shared, and an explicit --worktree for one is said, not silently dropped.
  const shared = ['cmd', 'shell', 'mprocs'].includes(harness);
  if (shared && input.worktree === true) notes.push(`note: --worktree ignored: a '${harness}' lane runs shared (spec §3.2); give an agent harness lane its own worktree instead`);
  const isolated = !shared && (input.worktree === true || getHarness(harness)?.isolation === 'worktree');
  if (isolated) {
    const { provisionWorktree } = await import('./worktree.js');
    try {
      const p = await provisionWorktree(input.cwd, input.session, input.window);
      notes.push(...p.warnings);
      wt = p;
      cwd = p.path;
    } catch (e) {
      const why = e instanceof LoopError ? e.message : String(e);
      throw new LoopError('worktree-failed', `add-lane: worktree provision failed for '${input.window}'; not creating the lane (${why})`, { exitCode: 1, hint: e instanceof LoopError ? e.hint : undefined });
    }
  }
  const env = ['-e', `LOOP_LANE=${input.window}`, '-e', `LOOP_SESSION=${input.session}`, '-e', `LOOP_PROJECT_ROOT=${input.projectRoot}`];
  // One tmux invocation: create the window, tag it, type the launch line. The window is addressed
  // by its exact name (checked unique above) because its id is not known inside the same call.
  // The launch is typed at once, into the tty's type-ahead: readline (bash) and zle (zsh) keep
  // pending input when they start, so there is no need to wait for a prompt (ours; the reference
  // slept 0.6 s). LOOP_TMUX_SHELL_READY_DELAY=<s> restores a wait (≤ s) for the prompt first.
  const win = `=${arg(input.session)}:=${input.window}`;
  const set = (k: keyof LaneOptions, v: string): string[] => ['set-option', '-w', '-t', win, optionName(k), arg(v)];
  const cmds = [['new-window', '-d', '-t', `=${arg(input.session)}:`, '-n', input.window, '-c', cwd, ...env, '-P', '-F', `#{window_id}${SEP}#{pane_id}`], set('lane', '1'), set('harness', harness), set('cmd', launch)];
  if (model) cmds.push(set('model', model));
  if (input.role) cmds.push(set('role', input.role));
  if (input.kind) cmds.push(set('kind', input.kind));
  if (wt) cmds.push(set('isolation', 'worktree'), set('branch', wt.branch), ['set-option', '-w', '-t', win, WORKTREE_OPTION, arg(wt.path)]);
  const delay = Number(process.env.LOOP_TMUX_SHELL_READY_DELAY);
  const waitPrompt = Number.isFinite(delay) && delay > 0;
  if (launch && !waitPrompt) cmds.push(['send-keys', '-t', win, '-l', '--', arg(launch)], ['send-keys', '-t', win, 'Enter']);
  const [warn, out] = await Promise.all([launch ? missingBinaryWarning(input.window, launch) : null, tmux.batch(cmds)]);
  const [windowId, paneId] = out.trim().split(SEP) as [string, string];
  if (warn) notes.push(warn);
  if (launch && waitPrompt) {
    await waitForShells(tmux, [paneId], delay * 1000);
    await typeLine(tmux, paneId, launch);
  }
  const waitLaunch = input.waitLaunchMs ?? 5000;
  if (launch && !warn && waitLaunch > 0 && harness !== 'cmd' && harness !== 'shell') {
    const { isBareShell } = await import('./harness/registry.js');
    const deadline = performance.now() + waitLaunch;
    while (performance.now() < deadline) {
      const cur = (await tmux.out(['display-message', '-p', '-t', paneId, '#{pane_current_command}']).catch(() => '')).trim();
      if (!isBareShell(cur)) break;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return { windowId, paneId, harness, launch, notes, worktree: wt?.path ?? null, branch: wt?.branch ?? null };
}

export interface DropLaneResult {
  windowId: string;
  /** Worktree lanes: what teardown did (`removed`, `preserved`, `absent`, or `failed`) and its warnings. */
  worktree: { path: string; status: 'absent' | 'preserved' | 'removed' | 'failed'; warnings: string[] } | null;
}

/**
 * Kill a dynamic lane's window, then tear down its worktree (spec §3.4, §4): a clean tree is
 * removed and pruned, a dirty one kept with a `PRESERVING` warning; teardown problems are reported
 * in the result, never thrown. Exact name lookup; a base window is refused unless `force`.
 * Automation (the engine) never passes force (CONTRACT.md).
 * @throws LoopError window-not-found | base-lane
 */
export async function dropLane(tmux: Tmux, session: string, window: string, force = false): Promise<DropLaneResult> {
  const panes = await listPanes(tmux, session);
  const pane = panes.find((p) => p.windowName === window);
  if (!pane) throw new LoopError('window-not-found', `drop-lane: window '${window}' not found in session '${session}'`, { exitCode: 1 });
  if (pane.opts.lane !== '1' && !force) {
    throw new LoopError('base-lane', `drop-lane: window '${window}' was not created by add-lane; refusing (pass --force to override)`, { exitCode: 1, hint: 'base lanes are protected; only a person drops them' });
  }
  let wtPath: string | null = null;
  if (pane.opts.isolation === 'worktree') {
    const recorded = (await tmux.out(['show-options', '-w', '-v', '-t', pane.windowId, WORKTREE_OPTION]).catch(() => '')).replace(/\n$/, '');
    const { worktreePath } = await import('./worktree.js');
    wtPath = recorded || worktreePath(panes[0]?.currentPath ?? '', session, window);
  }
  await tmux.run(['kill-window', '-t', pane.windowId]);
  if (!wtPath) return { windowId: pane.windowId, worktree: null };
  const { teardownWorktree } = await import('./worktree.js');
  try {
    const t = await teardownWorktree(wtPath);
    return { windowId: pane.windowId, worktree: { path: wtPath, ...t } };
  } catch (e) {
    return { windowId: pane.windowId, worktree: { path: wtPath, status: 'failed', warnings: [`warning: ${e instanceof Error ? e.message : String(e)}`] } };
  }
}

/** Every window of the session with its lane metadata (spec §3.5). */
export async function listLanes(tmux: Tmux, session: string): Promise<WindowLane[]> {
  return windowLanes(await listPanes(tmux, session));
}
