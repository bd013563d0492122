/**
 * Dispatch's two side steps (spec/substrate.md §5): the auto context reset (`/clear` into an idle dynamic claude
 * lane before a payload, steps 4) and the `--verify` pane tail (step 8). Both read the pane instead of sleeping a
 * fixed time: the reset waits until claude has redrawn its home screen after `/clear` (bounded by
 * LOOP_DISPATCH_CLEAR_TIMEOUT), the tail until the screen reacted to the submit (bounded by 1 s).
 */
import type { Tmux } from './tmux/server.js';
import { classifyForHarness } from './readiness.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const capture = (tmux: Tmux, paneId: string): Promise<string> => tmux.out(['capture-pane', '-p', '-t', paneId]).catch(() => '');

/** Does the auto-/clear rule apply? Only dynamic lanes (`@loop_lane=1`) whose harness is exactly `claude`. */
export function clearApplies(laneOpt: string, harness: string): boolean {
  return laneOpt === '1' && harness === 'claude';
}

/**
 * Send `/clear` + Enter when the pane classifies `idle` with claude's markers; never to a lane that is not idle.
 * Then poll (100 ms) until the screen differs from the typed `/clear` line and reads idle again — at least 250 ms,
 * at most `timeoutMs` (proceeding anyway on timeout). Returns whether `/clear` was sent. Errors from tmux
 * propagate (nothing of the payload has been sent yet).
 */
export async function autoClear(tmux: Tmux, paneId: string, timeoutMs: number): Promise<boolean> {
  if (classifyForHarness(await capture(tmux, paneId), 'claude') !== 'idle') return false;
  await tmux.run(['send-keys', '-t', paneId, '-l', '--', '/clear']);
  const typed = await capture(tmux, paneId);
  await tmux.run(['send-keys', '-t', paneId, 'Enter']);
  const started = performance.now();
  const deadline = started + timeoutMs;
  while (performance.now() < deadline) {
    await sleep(100);
    const now = await capture(tmux, paneId);
    if (performance.now() - started >= 250 && now !== typed && classifyForHarness(now, 'claude') === 'idle') break;
  }
  return true;
}

/**
 * `--verify`: wait until the screen changed from `before` and held still ~200 ms (at most `maxMs`, default 1 s as
 * the reference's fixed sleep), then return the last `n` non-blank lines of the visible pane.
 */
export async function paneTailAfter(tmux: Tmux, paneId: string, before: string, n = 5, maxMs = 1000): Promise<string[]> {
  const deadline = performance.now() + maxMs;
  let last = before;
  let still = 0;
  while (performance.now() < deadline) {
    await sleep(50);
    const now = await capture(tmux, paneId);
    if (now !== before && now === last) { if (++still >= 4) break; } else still = 0;
    last = now;
  }
  return last.split('\n').filter((l) => l.trim() !== '').slice(-n);
}
