/**
 * The main job end to end: `npm run demo -- --headless` (the compiled demo) creates a project,
 * a private tmux server with demo agents, the engine in auto mode, and exits 0 once every task is
 * in review — then leaves no tmux server and no engine behind.
 */
import { describe, it, expect } from 'vitest';
import { execFileSync } from 'node:child_process';
import { runCli, assertBuilt } from '../helpers/cli.js';

describe('npm run demo -- --headless', () => {
  it('drives three tasks to review and cleans up', async () => {
    assertBuilt();
    const r = await runCli('demo', ['--headless', '--work-s', '1'], { timeoutMs: 150_000 });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const m = /^demo: 3\/3 tasks in review, (\d+) cycles, (\d+) decisions$/m.exec(r.stdout);
    expect(m, r.stdout).not.toBeNull();
    expect(Number(m![1])).toBeGreaterThanOrEqual(2);
    expect(Number(m![2])).toBeGreaterThanOrEqual(2);
    const socket = /tmux server -L (\S+)/.exec(r.stdout)![1]!;
    expect(() => execFileSync('tmux', ['-L', socket, 'list-sessions'], { stdio: 'pipe' })).toThrow();
  }, 160_000);
});
