/**
 * The singleton is airtight: two `engine watch` started at the same instant over a stale pid file
 * (a dead pid) always leave exactly one daemon. And a daemon whose tmux server dies says so (an
 * `error {kind: tmux-server-gone}` event and `engine status`), then recovers when it is back.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { writeFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeProject, type TestProject } from '../helpers/project.js';
import { startTmux, type TestTmux } from '../helpers/tmux.js';
import { runCli, BIN, assertBuilt } from '../helpers/cli.js';
import { waitFor } from '../helpers/wait-for.js';

function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(r.stdout.toString());
}

describe('daemon singleton and tmux loss', () => {
  let project: TestProject;
  let tmux: TestTmux;
  let env: Record<string, string>;
  const children: ChildProcess[] = [];
  const watch = (): { child: ChildProcess; exit: Promise<number>; stderr: () => string } => {
    const child = spawn(process.execPath, [BIN.engine, 'watch', '--project-root', project.root, '--session', 'lk'], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    children.push(child);
    let err = '';
    child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
    return { child, exit: new Promise((r) => child.on('exit', (code) => r(code ?? -1))), stderr: () => err };
  };
  beforeAll(() => {
    assertBuilt();
    project = makeProject();
    tmux = startTmux();
    tmux.run('new-session', '-d', '-s', 'lk', '-x', '80', '-y', '24');
    writeFileSync(join(project.root, 'lane-config.yaml'), 'engine:\n  poll_interval_s: 1\n  min_cycle_interval_s: 0\n');
    env = { LOOPDECK_TMUX_SOCKET: tmux.name };
  });
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    tmux?.kill();
    project?.cleanup();
  });

  it('two daemons started at once over a stale pid file: exactly one runs', async () => {
    const engineDir = join(project.root, '.loop/sessions/lk/engine');
    mkdirSync(engineDir, { recursive: true });
    for (let round = 0; round < 4; round++) {
      writeFileSync(join(engineDir, 'engine.pid'), `${deadPid()}\n`);
      const a = watch();
      const b = watch();
      const first = await Promise.race([a.exit.then((c) => ({ who: a, other: b, c })), b.exit.then((c) => ({ who: b, other: a, c }))]);
      expect(first.c, first.who.stderr()).toBe(1);
      expect(first.who.stderr()).toMatch(/already running/);
      // The survivor answers and owns the pid file.
      const st = await waitFor(async () => { const r = await runCli('engine', ['status', '--json', '--project-root', project.root, '--session', 'lk'], { env }); return r.code === 0 && JSON.parse(r.stdout).engine.state !== 'off' ? JSON.parse(r.stdout) : null; }, { timeoutMs: 20_000, what: 'survivor answers' });
      expect(st.engine.pid).toBe(first.other.child.pid);
      expect(Number(readFileSync(join(engineDir, 'engine.pid'), 'utf8'))).toBe(first.other.child.pid);
      first.other.child.kill('SIGTERM');
      expect(await first.other.exit).toBe(0);
    }
  }, 120_000);

  it('says so when the tmux server dies, and recovers when it is back', async () => {
    const d = watch();
    const status = async () => JSON.parse((await runCli('engine', ['status', '--json', '--project-root', project.root, '--session', 'lk'], { env })).stdout);
    await waitFor(async () => (await status()).engine.state === 'running', { timeoutMs: 20_000, what: 'daemon up' });
    tmux.kill();
    const s = await waitFor(async () => { const x = await status(); return x.engine.observe_error ? x : null; }, { timeoutMs: 20_000, what: 'observe_error in status' });
    expect(s.engine.observe_error.kind).toBe('tmux-server-gone');
    const human = await runCli('engine', ['status', '--project-root', project.root, '--session', 'lk'], { env });
    expect(human.stdout).toMatch(/tmux server is gone/);
    const ev = await runCli('engine', ['events', '--json', '--type', 'error', '--project-root', project.root, '--session', 'lk'], { env });
    expect(ev.stdout.split('\n').filter((l) => l.includes('tmux-server-gone'))).toHaveLength(1);
    tmux.run('new-session', '-d', '-s', 'lk', '-x', '80', '-y', '24');
    await waitFor(async () => (await status()).engine.observe_error === null, { timeoutMs: 20_000, what: 'recovered' });
    d.child.kill('SIGTERM');
    expect(await d.exit).toBe(0);
  });
});
