/**
 * `loop up`: create the six base windows (spec/substrate.md §1.3, §1.8) and start each slot's
 * command. Windows and panes are created first and addressed by the ids tmux prints (`-P -F`);
 * commands are typed only once each shell has drawn its prompt (polled, bounded — the reference
 * slept a fixed 0.6 s). Each lane's shell gets LOOP_LANE, LOOP_SESSION and LOOP_PROJECT_ROOT.
 */
import type { Tmux } from './tmux/server.js';
import { arg } from './tmux/server.js';
import { SEP } from './tmux/panes.js';
import { capturePanes } from './observe.js';
import type { Slot, SlotPlan } from './config/slots.js';
import { which } from './proc/run.js';
import { LoopError } from './errors.js';

export interface UpInput {
  session: string;
  projectRoot: string;
  webRoot: string;
  infraRoot: string;
  slots: Record<Slot, SlotPlan>;
  width?: number;
  height?: number;
  /** Upper bound on waiting for shells to draw a prompt before typing (ms, default 3000). */
  shellReadyMs?: number;
}

export interface UpResult { panes: Record<Slot, string>; warnings: string[] }

/** Session names tmux keeps as given (it rewrites `.` and `:`). */
export const SESSION_NAME = /^[^.:\s]+$/;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function laneEnv(lane: string, session: string, root: string): string[] {
  return ['-e', `LOOP_LANE=${lane}`, '-e', `LOOP_SESSION=${session}`, '-e', `LOOP_PROJECT_ROOT=${root}`];
}

/** Poll until every pane shows something (a prompt), or `maxMs` passes. */
export async function waitForShells(tmux: Tmux, paneIds: string[], maxMs: number): Promise<void> {
  const deadline = performance.now() + maxMs;
  let pending = [...paneIds];
  while (pending.length && performance.now() < deadline) {
    const shots = await capturePanes(tmux, pending);
    pending = pending.filter((id) => !(shots.get(id) ?? '').trim());
    if (pending.length) await sleep(30);
  }
}

/** Missing-binary rule (§1.8): warn when a command's first token is not on PATH. Never fatal. */
export async function missingBinaryWarning(lane: string, cmd: string): Promise<string | null> {
  const tok = (cmd.trim().split(/\s+/)[0] ?? '').replace(/^'/, '');
  if (!tok || tok.includes('/') || /^[A-Z_][A-Z0-9_]*=/.test(tok)) return null;
  return (await which(tok)) ? null : `warning: lane '${lane}' command '${tok}' not found on PATH — pane will fall back to a bare shell`;
}

/** Type `line` literally into `paneId`, then press Enter (two tmux commands, one invocation). */
export async function typeLine(tmux: Tmux, paneId: string, line: string): Promise<void> {
  await tmux.batch([['send-keys', '-t', paneId, '-l', '--', arg(line)], ['send-keys', '-t', paneId, 'Enter']]);
}

/**
 * Create the session with its six windows and start the slot commands.
 * @throws LoopError session-exists | tmux errors
 */
export async function createSession(tmux: Tmux, input: UpInput): Promise<UpResult> {
  const { session, projectRoot: root, webRoot, infraRoot } = input;
  if (!SESSION_NAME.test(session)) throw new LoopError('usage', `session name '${session}' is not usable: tmux rewrites '.' and ':' and names must be non-empty`, { exitCode: 1, hint: 'use letters, digits, _ and -' });
  if (await tmux.hasSession(session)) throw new LoopError('session-exists', `Session '${session}' already exists.`, { exitCode: 0 });
  const fmt = `#{window_id}${SEP}#{pane_id}`;
  const win = (name: string, cwd: string, lane: string): string[] => ['new-window', '-d', '-t', `=${arg(session)}:`, '-n', name, '-c', cwd, ...laneEnv(lane, session, root), '-P', '-F', fmt];
  const out = await tmux.batch([
    ['new-session', '-d', '-s', arg(session), '-n', 'coord', '-c', root, '-x', String(input.width ?? 200), '-y', String(input.height ?? 50), ...laneEnv('coord', session, root), '-P', '-F', fmt],
    win('web', webRoot, 'web'), win('infra', infraRoot, 'infra'), win('validate', webRoot, 'validate-left'), win('ops', root, 'ops-top'), win('docs', root, 'docs'),
  ]);
  const ids = out.trim().split('\n').map((l) => l.split(SEP) as [string, string]);
  if (ids.length !== 6) throw new LoopError('up-failed', `tmux created ${ids.length} of 6 windows in '${session}'`);
  const [coord, web, infra, validate, ops, docs] = ids as Array<[string, string]>;
  const split = await tmux.batch([
    ['split-window', '-d', '-h', '-t', validate![0], '-c', webRoot, ...laneEnv('validate-right', session, root), '-P', '-F', '#{pane_id}'],
    ['split-window', '-d', '-v', '-t', ops![0], '-c', root, ...laneEnv('ops-bottom', session, root), '-P', '-F', '#{pane_id}'],
  ]);
  const [vr, ob] = split.trim().split('\n');
  const panes: Record<Slot, string> = {
    coord: coord![1], web: web![1], infra: infra![1], 'validate-left': validate![1], 'validate-right': vr!,
    'ops-top': ops![1], 'ops-bottom': ob!, docs: docs![1],
  };
  // Lane metadata for base panes whose harness is known (a pane option, so the two panes of
  // validate/ops keep their own). Base panes never get @loop_lane=1: they stay protected.
  const tags: string[][] = [];
  for (const [slot, plan] of Object.entries(input.slots) as Array<[Slot, SlotPlan]>) {
    if (!plan.harness) continue;
    tags.push(['set-option', '-p', '-t', panes[slot], '@loop_lane_harness', plan.harness]);
    if (plan.role) tags.push(['set-option', '-p', '-t', panes[slot], '@loop_lane_role', arg(plan.role)]);
    if (plan.model) tags.push(['set-option', '-p', '-t', panes[slot], '@loop_lane_model', arg(plan.model)]);
    if (plan.cmd) tags.push(['set-option', '-p', '-t', panes[slot], '@loop_lane_cmd', arg(plan.cmd)]);
  }
  if (tags.length) await tmux.batch(tags);
  const warnings: string[] = [];
  for (const [slot, plan] of Object.entries(input.slots) as Array<[Slot, SlotPlan]>) {
    const w = plan.cmd ? await missingBinaryWarning(slot, plan.cmd) : null;
    if (w) warnings.push(w);
  }
  const toType = (Object.entries(input.slots) as Array<[Slot, SlotPlan]>).filter(([, p]) => p.cmd);
  await waitForShells(tmux, toType.map(([s]) => panes[s]), input.shellReadyMs ?? 3000);
  for (const [slot, plan] of toType) await typeLine(tmux, panes[slot], plan.cmd);
  await tmux.run(['select-window', '-t', coord![0]]);
  return { panes, warnings };
}

/** Attach the terminal to `session` (switch-client when already inside tmux). Returns tmux's exit code. */
export async function attachSession(tmux: Tmux, session: string, insideTmux = Boolean(process.env.TMUX)): Promise<number> {
  const { run } = await import('./proc/run.js');
  const args = insideTmux && !tmux.socketName && !tmux.socketPath ? ['switch-client', '-t', `=${arg(session)}`] : ['attach-session', '-t', `=${arg(session)}`];
  const r = await run([...tmux.base(), ...args], { stdio: 'inherit', reject: false, env: { TMUX: insideTmux && (tmux.socketName || tmux.socketPath) ? undefined : process.env.TMUX } });
  return r.exitCode ?? 1;
}
