/**
 * Boot validation (exit 2, nothing written), `engine restart` (a fresh daemon, never two; a daemon
 * that will not exit is refused with nothing started), the stale-code guard in `engine status`,
 * and `engine events --since` by seq or ISO time.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { makeProject, type TestProject } from '../helpers/project.js';
import { runCli, BIN, assertBuilt, type CliResult } from '../helpers/cli.js';
import { waitFor } from '../helpers/wait-for.js';
import { enginePaths } from '../../engine/context.js';

describe('restart, boot check, stale guard, events --since', () => {
  let project: TestProject;
  const S = 'rs';
  const env = { LOOPDECK_TMUX_SOCKET: `loopdeck-test-none-${process.pid}` };
  const engine = (args: string[]): Promise<CliResult> => runCli('engine', [...args, '--project-root', project.root, '--session', S], { env });
  const cfg = (engineYaml: string) => writeFileSync(join(project.root, 'lane-config.yaml'), `engine:\n  poll_interval_s: 1\n${engineYaml}`);
  let fake: ChildProcess | null = null;
  beforeAll(() => { assertBuilt(); project = makeProject(); });
  afterAll(async () => {
    fake?.kill('SIGKILL');
    await engine(['stop']);
    project?.cleanup();
  });

  it('boot validation: a brain harness without a one-shot mode exits 2 and writes nothing', async () => {
    cfg('  brain: { kind: cli, harness: shell }\n');
    for (const verb of ['once', 'watch', 'restart', 'start']) {
      const r = await engine([verb]);
      expect(r.code, verb).toBe(2);
      expect(r.stderr).toMatch(/error: brain.harness 'shell' has no one-shot mode/);
    }
    expect(existsSync(join(project.root, '.loop/sessions', S))).toBe(false);
    cfg('');
  });

  it('restart replaces the daemon: a new pid, the old one gone, status current', async () => {
    // A bad --timeout is a usage error before anything starts or stops (was: start spawned a daemon, then exit 1).
    for (const args of [['start', '--timeout', 'abc'], ['stop', '--timeout', '-3']]) {
      const bad = await engine(args);
      expect(bad.code, args.join(' ')).toBe(2);
      expect(bad.stderr).toMatch(/--timeout must be a positive number of seconds/);
    }
    expect((JSON.parse((await engine(['status', '--json'])).stdout) as { engine: { state: string } }).engine.state).toBe('off');
    expect((await engine(['start'])).code).toBe(0);
    const a = JSON.parse(readFileSync(enginePaths(project.root, S).daemonJson, 'utf8')) as { pid: number };
    const r = await engine(['restart', '--timeout', '20']);
    expect(r.code, r.stderr).toBe(0);
    const b = JSON.parse(readFileSync(enginePaths(project.root, S).daemonJson, 'utf8')) as { pid: number };
    expect(b.pid).not.toBe(a.pid);
    expect(r.stdout).toContain(`pid ${a.pid} → ${b.pid}`);
    expect(() => process.kill(a.pid, 0)).toThrow();
    const s = await engine(['status']);
    expect(s.stdout).toContain(`(pid ${b.pid})`);
    expect(s.stdout).toContain('code: current');
  });

  it('status flags a daemon running stale code', async () => {
    const p = enginePaths(project.root, S).daemonJson;
    const info = JSON.parse(readFileSync(p, 'utf8')) as Record<string, unknown>;
    writeFileSync(p, JSON.stringify({ ...info, code_hash: '0000000000000000' }));
    const s = await engine(['status']);
    expect(s.stdout).toMatch(/warning: daemon is running stale code .* run: engine restart/);
    expect(s.stdout).toContain('code: stale');
    expect(JSON.parse((await engine(['status', '--json'])).stdout).engine.code).toBe('stale');
    writeFileSync(p, JSON.stringify(info));
  });

  it('events --since takes a seq or an ISO time', async () => {
    const all = (await engine(['events', '--json'])).stdout.trim().split('\n');
    expect(all.length).toBeGreaterThan(2);
    const second = JSON.parse(all[1]!) as { seq: number };
    expect((await engine(['events', '--json', '--since', String(second.seq)])).stdout.trim().split('\n').length).toBe(all.length - 2);
    expect((await engine(['events', '--json', '--since', '2000-01-01T00:00:00Z'])).stdout.trim().split('\n').length).toBeGreaterThanOrEqual(all.length);
    expect((await engine(['events', '--json', '--since', '2999-01-01T00:00'])).stdout.trim()).toBe('');
    const bad = await engine(['events', '--since', 'yesterday-ish']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--since must be an event seq or an ISO time/);
    const badLimit = await engine(['events', '--limit', '-1']);
    expect(badLimit.code).toBe(2);
    expect(badLimit.stderr).toMatch(/--limit must be a non-negative integer/);
    expect((await engine(['events', '--json', '--limit', '0'])).stdout.trim()).toBe('');
    expect((await engine(['events', '--json', '--limit', '1'])).stdout.trim().split('\n')).toHaveLength(1);
  });

  it('events --follow prints events as they are appended', async () => {
    const child = spawn(process.execPath, [BIN.engine, 'events', '--follow', '--json', '--type', 'paused', '--project-root', project.root, '--session', S], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
    try {
      expect((await engine(['pause'])).code).toBe(0);
      const line = await waitFor(() => out.split('\n').find((l) => l.includes('"event":"paused"')), { timeoutMs: 15_000, what: 'followed event' });
      expect(JSON.parse(line)).toMatchObject({ event: 'paused' });
    } finally { child.kill('SIGTERM'); await engine(['resume']); }
  });

  it('resume when not paused says so and emits no event (spec §15)', async () => {
    const before = (await engine(['events', '--json', '--type', 'resumed'])).stdout.trim();
    const r = await engine(['resume']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe('engine was not paused');
    expect((await engine(['events', '--json', '--type', 'resumed'])).stdout.trim()).toBe(before);
    expect((await engine(['pause'])).stdout.trim()).toBe('paused');
    expect((await engine(['resume'])).stdout.trim()).toBe('resumed');
  });

  it('a daemon that will not exit: restart refuses and starts nothing', async () => {
    expect((await engine(['stop'])).code).toBe(0);
    fake = spawn(process.execPath, ['-e', "process.on('SIGTERM', () => {}); setInterval(() => {}, 1000)", BIN.engine, 'watch'], { stdio: 'ignore' });
    await waitFor(() => existsSync(`/proc/${fake!.pid}/cmdline`) && readFileSync(`/proc/${fake!.pid}/cmdline`, 'utf8').includes('watch'), { what: 'fake daemon' });
    const paths = enginePaths(project.root, S);
    mkdirSync(paths.engineDir, { recursive: true });
    writeFileSync(paths.pidFile, `${fake.pid}\n`);
    writeFileSync(paths.daemonJson, JSON.stringify({ pid: fake.pid, socket: paths.socket, started_at: '', protocol_version: 1, code_hash: '', session: S, project_root: project.root, log: paths.log }));
    const r = await engine(['restart', '--timeout', '1']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`daemon \\(pid ${fake.pid}\\) did not exit within 1s; NOT starting a second instance`));
    expect(existsSync(paths.socket)).toBe(false);
    expect(fake.exitCode).toBeNull();
  });
});
