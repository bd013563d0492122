/**
 * A wedged tmux server (simulated by stopping our own private server with SIGSTOP) must not hang
 * the substrate: every tmux call is bounded (spec/substrate.md §6.1 "per-call timeout": a wedged
 * call counts as failed and the tool finishes). The server is resumed and killed in teardown.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, runCli } from '../helpers/cli.js';
import { startTmux, type TestTmux } from '../helpers/tmux.js';
import { Tmux } from '../../substrate/tmux/server.js';

let t: TestTmux | null = null;
let pid = 0;
beforeAll(() => assertBuilt());
afterEach(() => {
  if (pid) { try { process.kill(pid, 'SIGCONT'); } catch { /* gone */ } }
  t?.kill();
  t = null;
  pid = 0;
});

function wedged(): TestTmux {
  t = startTmux();
  t.run('new-session', '-d', '-s', 'w', '-x', '80', '-y', '20');
  pid = Number(t.run('display-message', '-p', '#{pid}').trim());
  process.kill(pid, 'SIGSTOP');
  return t;
}

/** Settle within `ms` or report that it did not. */
function within<T>(p: Promise<T>, ms: number): Promise<{ settled: boolean; value?: T; error?: unknown }> {
  return Promise.race([
    p.then((value) => ({ settled: true, value }), (error: unknown) => ({ settled: true, error })),
    new Promise<{ settled: boolean }>((r) => setTimeout(() => r({ settled: false }), ms)),
  ]);
}

describe('a wedged tmux server', () => {
  // BUG (substrate/proc/run.ts): run() settles only on the child's 'close' event. A tmux client hands
  // its stdout/stderr to the server over the socket, so while the server is stuck the pipes never
  // close: the timeout kills the client (it even exits 0 on SIGTERM), 'exit' fires, 'close' never
  // does, and the promise hangs forever. Fix: settle on 'exit' (+ a short grace for buffered output),
  // destroying child.stdout/stderr after the kill.
  it('Tmux.run rejects after its timeout instead of hanging', async () => {
    const s = wedged();
    const tmux = new Tmux({ socketName: s.name, timeoutMs: 500 });
    const r = await within(tmux.run(['list-panes', '-s', '-t', '=w:']), 2000);
    expect(r.settled).toBe(true);
    expect(r.error).toBeDefined();
  });

  // BUG (same root cause, plus substrate/observe.ts observeFleet → tmux/panes.ts listPanes, which
  // runs list-panes with the 10 s handle default instead of LOOP_LANE_STATUS_TMUX_TIMEOUT_S):
  // `lane-status --json --all` never returns while the server is stuck.
  it('`loop lane-status --json --all` gives up within about LOOP_LANE_STATUS_TMUX_TIMEOUT_S', async () => {
    const s = wedged();
    const r = await runCli('loop', ['lane-status', '-L', s.name, '--json', '--all', 'w'], { env: { LOOP_LANE_STATUS_TMUX_TIMEOUT_S: '1' }, timeoutMs: 3000 });
    expect(r.code).not.toBe(-1); // -1: we had to kill it
    expect(r.code).not.toBe(0);
  });
});
