/**
 * `engine status --json` with no daemon running: `stale_pid` names the dead process an
 * `engine.pid` still records (CONTRACT.md snapshot extras; the deck's STALE DAEMON badge), and
 * `engine.code` is null (only a running daemon has a code hash to compare).
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeProject, type TestProject } from '../helpers/project.js';
import { runCli, assertBuilt } from '../helpers/cli.js';
import { startTmux, type TestTmux } from '../helpers/tmux.js';

describe('engine status offline', () => {
  let p: TestProject;
  let tmux: TestTmux;
  beforeAll(() => { assertBuilt(); p = makeProject(); tmux = startTmux(); });
  afterAll(() => { tmux?.kill(); p?.cleanup(); });

  it('reports the stale pid of a dead daemon and code null', async () => {
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    const dir = join(p.root, '.loop/sessions/s1/engine');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'engine.pid'), `${dead}\n`);
    const r = await runCli('engine', ['status', '--json', '--project-root', p.root, '--session', 's1'], { env: { LOOPDECK_TMUX_SOCKET: tmux.name } });
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout) as { stale_pid: number | null; engine: { state: string; code?: string | null } };
    expect(j.engine.state).toBe('off');
    expect(j.stale_pid).toBe(dead);
    expect(j.engine.code).toBeNull();
  });

  it('names the brain that actually runs: LOOP_ENGINE_BRAIN_CMD overrides the harness template', async () => {
    writeFileSync(join(p.root, 'lane-config.yaml'), 'lanes: {}\nengine:\n  brain:\n    kind: cli\n    harness: claude\n');
    const brain = async (env: Record<string, string | undefined>): Promise<string> => {
      const r = await runCli('engine', ['status', '--json', '--project-root', p.root, '--session', 's1'], { env: { LOOPDECK_TMUX_SOCKET: tmux.name, ...env } });
      expect(r.code, r.stderr).toBe(0);
      return (JSON.parse(r.stdout) as { engine: { brain: string } }).engine.brain;
    };
    expect(await brain({ LOOP_ENGINE_BRAIN_CMD: '/bin/true' })).toBe('cli:LOOP_ENGINE_BRAIN_CMD');
    expect(await brain({ LOOP_ENGINE_BRAIN_CMD: undefined })).toBe('cli:claude');
  });
});
