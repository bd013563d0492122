/**
 * Delivering a payload into a lane (spec/substrate.md §5). Text mode loads the payload into a
 * named, per-dispatch paste buffer, pastes it bracketed, waits until the pane shows the paste
 * landed (polling, bounded by LOOP_DISPATCH_PASTE_DELAY — the reference slept a fixed 2 s), then
 * presses Enter. Command mode types only `bash '<tmpfile>'; rm -f '<tmpfile>'`, so payload bytes
 * never reach the shell's parser. At most once: nothing here ever retries a paste or a keystroke.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Tmux } from './tmux/server.js';
import { listPanes } from './tmux/panes.js';
import { resolveLane, fleet, isFixedLane } from './lanes.js';
import { observeLane, type ObserveOptions } from './observe.js';
import { LoopError } from './errors.js';
import { autoClear, clearApplies } from './dispatch-aux.js';

export interface DispatchOptions {
  mode: 'text' | 'command';
  /** Press Enter after delivery (default true). */
  enter?: boolean;
  /** Poll the lane until it reads `idle` first (bounded by readyTimeoutMs; then dispatch anyway). */
  waitReady?: boolean;
  readyTimeoutMs?: number;
  /** Send Escape first and wait (bounded) for the lane to stop working: steering a busy lane. */
  interrupt?: boolean;
  /** Upper bound on waiting for a text paste to land before Enter (ms). */
  pasteDelayMs?: number;
  /**
   * Apply the auto context reset of spec §5 step 4: `/clear` into an idle DYNAMIC lane whose harness is exactly
   * `claude`, unless `interrupt`. Off by default in the library; `loop dispatch` turns it on (`--no-clear` and
   * LOOP_DISPATCH_NO_CLEAR=1 turn it off).
   */
  autoClear?: boolean;
  /** Cap on waiting for claude to settle after `/clear` (ms; env LOOP_DISPATCH_CLEAR_TIMEOUT, default 8 s). */
  clearTimeoutMs?: number;
  observe?: ObserveOptions;
}

export interface DispatchResult {
  lane: string;
  target: string;
  mode: 'text' | 'command';
  /** Text mode: the pane showed the paste before Enter (false = Enter sent at the upper bound). */
  confirmed: boolean;
  /** `/clear` was sent first (auto context reset). */
  cleared: boolean;
  elapsedMs: number;
  warnings: string[];
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * C0 controls other than newline and tab, DEL, and the C1 controls U+0080–U+009F: never pasted (ESC, or the
 * 8-bit CSI U+009B, could end the bracketed paste and press keys).
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
export const UNSAFE_IN_PASTE = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/;

/**
 * Refuse a text payload a paste must not carry (CRLF is read as LF first). Called before any keystroke
 * (`/clear`, Escape, leaving copy mode), so a refused payload never touches the lane.
 * @throws LoopError unsafe-payload (exit 1)
 */
export function assertPastable(payload: string, mode: DispatchOptions['mode']): void {
  if (mode !== 'text') return;
  if (UNSAFE_IN_PASTE.test(payload.replace(/\r\n/g, '\n'))) throw new LoopError('unsafe-payload', 'payload contains control characters (escape sequences, carriage returns, …): they could end the bracketed paste and press keys; not delivered', { hint: 'send plain text (newlines and tabs are fine)' });
}

/**
 * Refuse a payload that is empty or only whitespace (spaces, tabs, newlines, …) in either mode: it
 * would submit an empty turn (or run an empty command). Called before any keystroke (`/clear`,
 * Escape, leaving copy mode), so a refused payload never touches the lane. CONTRACT.md `dispatch`:
 * not delivered, exit 1.
 * @throws LoopError empty-payload (exit 1)
 */
export function assertNotBlank(payload: string): void {
  if (!payload.trim()) throw new LoopError('empty-payload', `dispatch: empty payload${payload ? ' (only whitespace)' : ''}; not delivered`, { hint: 'loop dispatch --session S LANE PAYLOAD… with some text to send' });
}

/** POSIX single-quote a string for a shell command line. */
export function shQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * Env knobs (CONTRACT.md): paste delay (s, default 2.0), ready timeout (s, default 20), clear settle cap
 * (LOOP_DISPATCH_CLEAR_TIMEOUT, s, default 8) and LOOP_DISPATCH_NO_CLEAR=1.
 */
export function dispatchEnv(env: NodeJS.ProcessEnv = process.env): { pasteDelayMs: number; readyTimeoutMs: number; clearTimeoutMs: number; noClear: boolean } {
  const num = (v: string | undefined, d: number): number => { const n = Number(v); return v && Number.isFinite(n) && n >= 0 ? n : d; };
  return {
    pasteDelayMs: num(env.LOOP_DISPATCH_PASTE_DELAY ?? env.TMUX_DISPATCH_PASTE_DELAY, 2.0) * 1000,
    readyTimeoutMs: num(env.LOOP_DISPATCH_READY_TIMEOUT, 20) * 1000,
    clearTimeoutMs: num(env.LOOP_DISPATCH_CLEAR_TIMEOUT, 8) * 1000,
    noClear: env.LOOP_DISPATCH_NO_CLEAR === '1',
  };
}

/** A short fragment of the payload's last non-blank line, whitespace removed, to look for on screen. */
export function pasteProbe(payload: string): string {
  const lines = payload.split('\n').map((l) => l.replace(/\s+/g, '')).filter(Boolean);
  const last = lines[lines.length - 1] ?? '';
  return [...last].slice(-16).join('');
}

/**
 * Resolve `lane` in `session` and deliver `payload` once.
 * @throws LoopError empty-payload | unsafe-payload (exit 1, before any keystroke) | unknown-lane (exit 1) | no-session | no-server | dispatch-failed (not delivered)
 */
export async function dispatchToLane(tmux: Tmux, session: string, lane: string, payload: string, opts: DispatchOptions): Promise<DispatchResult> {
  assertNotBlank(payload);
  assertPastable(payload, opts.mode);
  const started = performance.now();
  const warnings: string[] = [];
  const panes = await listPanes(tmux, session);
  const r = resolveLane(panes, lane);
  if (!r) {
    const known = fleet(panes).map((l) => l.lane).join(', ') || '(none)';
    if (isFixedLane(lane)) throw new LoopError('unresolvable-lane', `Unable to resolve tmux target for lane: ${lane} in session ${session}`, { hint: `lanes in ${session}: ${known}` });
    throw new LoopError('unknown-lane', `Unknown lane or window: ${lane} in session ${session}`, { hint: `lanes in ${session}: ${known}` });
  }
  if (opts.waitReady) {
    const ok = await waitForStatus(tmux, session, lane, (s) => s === 'idle', opts.readyTimeoutMs ?? 20_000, opts.observe);
    if (!ok) warnings.push(`lane '${lane}' not confirmed ready within ${Math.round((opts.readyTimeoutMs ?? 20_000) / 1000)}s (dispatching anyway)`);
  }
  let cleared = false;
  if (opts.autoClear && !opts.interrupt && clearApplies(r.pane.opts.lane, r.pane.opts.harness) && !r.pane.inMode) {
    cleared = await step('send /clear', () => autoClear(tmux, r.pane.paneId, opts.clearTimeoutMs ?? dispatchEnv().clearTimeoutMs));
  }
  if (opts.interrupt) {
    await tmux.run(['send-keys', '-t', r.pane.paneId, 'Escape']);
    await waitForStatus(tmux, session, lane, (s) => s !== 'working', 3000, opts.observe);
  }
  // Waiting may have taken a while: look again right before delivering (copy mode, a vanished pane).
  const fresh = opts.waitReady || opts.interrupt || cleared ? resolveLane(await listPanes(tmux, session), lane) : r;
  if (!fresh) throw new LoopError('unknown-lane', `lane ${lane} disappeared from session ${session} before delivery; not delivered`);
  if (fresh.pane.inMode) {
    // A person scrolled back (copy mode): keys would go to the mode, not the program. Leave the
    // mode first; if that fails, nothing is delivered.
    await step('leave copy mode', () => tmux.run(['send-keys', '-X', '-t', fresh.pane.paneId, 'cancel']));
    warnings.push(`lane '${lane}' was in copy mode; left it before delivering`);
  }
  const res = await deliver(tmux, fresh.pane.paneId, payload, opts);
  return { lane, target: fresh.pane.paneId, mode: opts.mode, confirmed: res.confirmed, cleared, elapsedMs: Math.round(performance.now() - started), warnings };
}

/**
 * `--window TARGET` (spec §5): deliver to a raw tmux target (`S:web.0`, `%7`, …) once, with no lane resolution and
 * no session check; the auto-/clear rule still reads the target window's options. `waitReady` is not supported
 * here (the caller warns). @throws LoopError empty-payload | unsafe-payload | unknown-target (exit 1) | no-server | dispatch-failed.
 */
export async function dispatchToTarget(tmux: Tmux, target: string, payload: string, opts: DispatchOptions): Promise<DispatchResult> {
  assertNotBlank(payload);
  assertPastable(payload, opts.mode);
  const started = performance.now();
  const fmt = ['#{pane_id}', '#{@loop_lane}', '#{@loop_lane_harness}', '#{pane_in_mode}'].join('\x1f');
  let line: string;
  // display-message alone falls back to the current pane for a bad target: list-panes first fails loudly.
  try { line = (await tmux.out(['list-panes', '-t', target, '-F', '', ';', 'display-message', '-p', '-t', target, `\x1e${fmt}`])).split('\x1e').pop()!.replace(/\n$/, ''); } catch (e) {
    if (e instanceof LoopError && e.code !== 'proc') throw e;
    throw new LoopError('unknown-target', `Unable to resolve tmux target: ${target}`, { hint: 'use session:window.pane or a pane id %N (see `tmux list-panes -a`, same -L)' });
  }
  const [paneId = '', laneOpt = '', harness = '', inMode = ''] = line.split('\x1f');
  if (!/^%\d+$/.test(paneId)) throw new LoopError('unknown-target', `Unable to resolve tmux target: ${target}`);
  const warnings: string[] = [];
  let cleared = false;
  if (opts.autoClear && !opts.interrupt && clearApplies(laneOpt, harness) && inMode !== '1') {
    cleared = await step('send /clear', () => autoClear(tmux, paneId, opts.clearTimeoutMs ?? dispatchEnv().clearTimeoutMs));
  }
  if (opts.interrupt) {
    await step('send Escape', () => tmux.run(['send-keys', '-t', paneId, 'Escape']));
    await sleep(1000); // spec §5 step 5: let the harness drop its turn before the payload
  }
  if (inMode === '1') {
    await step('leave copy mode', () => tmux.run(['send-keys', '-X', '-t', paneId, 'cancel']));
    warnings.push(`target ${target} was in copy mode; left it before delivering`);
  }
  const res = await deliver(tmux, paneId, payload, opts);
  return { lane: target, target: paneId, mode: opts.mode, confirmed: res.confirmed, cleared, elapsedMs: Math.round(performance.now() - started), warnings };
}

/** Poll a lane's status every 150 ms until `want` holds or `timeoutMs` passes. */
export async function waitForStatus(tmux: Tmux, session: string, lane: string, want: (s: string) => boolean, timeoutMs: number, observe?: ObserveOptions): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const st = await observeLane(tmux, session, lane, observe);
    if (st && want(st.status)) return true;
    if (performance.now() >= deadline) return false;
    await sleep(150);
  }
}

/** Deliver to a pane id. Exactly one paste (or one typed line) and at most one Enter. */
export async function deliver(tmux: Tmux, paneId: string, payload: string, opts: DispatchOptions): Promise<{ confirmed: boolean }> {
  const enter = opts.enter !== false;
  if (opts.mode === 'command') {
    const dir = mkdtempSync(join(tmpdir(), 'loop-dispatch-'));
    const file = join(dir, 'cmd.sh');
    writeFileSync(file, payload + '\n', { mode: 0o600 });
    const line = `bash ${shQuote(file)}; rm -rf ${shQuote(dir)}`;
    await step('type the command line', () => tmux.run(['send-keys', '-t', paneId, '-l', '--', line]));
    if (enter) await step('press Enter', () => tmux.run(['send-keys', '-t', paneId, 'Enter']));
    return { confirmed: true };
  }
  if (opts.mode !== 'text') throw new LoopError('usage', `Unknown mode: ${String(opts.mode)}`, { exitCode: 2 });
  assertPastable(payload, opts.mode);
  payload = payload.replace(/\r\n/g, '\n');
  const before = await tmux.out(['capture-pane', '-p', '-J', '-t', paneId]).catch(() => '');
  const buffer = `loop-dispatch-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await step('paste', () => tmux.run(['load-buffer', '-b', buffer, '-', ';', 'paste-buffer', '-p', '-d', '-b', buffer, '-t', paneId], { input: payload }));
  } finally {
    await tmux.run(['delete-buffer', '-b', buffer]).catch(() => undefined);
  }
  const confirmed = enter ? await waitForPaste(tmux, paneId, payload, before, opts.pasteDelayMs ?? dispatchEnv().pasteDelayMs) : true;
  if (enter) await step('press Enter after the paste', () => tmux.run(['send-keys', '-t', paneId, 'Enter']));
  return { confirmed };
}

/**
 * Wait until the pane shows the paste: the payload's tail is visible, or the screen changed and
 * then held still for ~100 ms. Gives up (returns false) at `maxMs`.
 */
async function waitForPaste(tmux: Tmux, paneId: string, payload: string, before: string, maxMs: number): Promise<boolean> {
  const probe = pasteProbe(payload);
  const deadline = performance.now() + maxMs;
  let last = before;
  let still = 0;
  while (performance.now() < deadline) {
    await sleep(20);
    const now = await tmux.out(['capture-pane', '-p', '-J', '-t', paneId]).catch(() => last);
    if (probe && now.replace(/\s+/g, '').includes(probe) && now !== before) return true;
    // Changed, then unchanged for ~100 ms: a composer that redraws a paste in steps has settled.
    if (now !== before && now === last) { if (++still >= 5) return true; } else still = 0;
    last = now;
  }
  return false;
}

async function step<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try { return await fn(); } catch (e) {
    throw new LoopError('dispatch-failed', `dispatch failed at "${what}": ${(e as Error).message}`, { hint: 'the payload was not (fully) delivered; it is never retried automatically', cause: e });
  }
}
