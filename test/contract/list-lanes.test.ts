/**
 * Contract of `loop list-lanes` (CONTRACT.md "list-lanes --json"; spec/substrate.md §3.5): the JSON
 * document's exact keys and types, the human header, exit codes and the one-line tmux/session errors.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertBuilt, runCli, BIN } from '../helpers/cli.js';
import { waitFor } from '../helpers/wait-for.js';
import { makeProject, type TestProject } from '../helpers/project.js';
import { NO_TMUX_PATH, OLD_TMUX_PATH, deadServer, expectOneLineError, helpFlags } from '../helpers/contract-sub-a.js';
import { startRig, expectExit, type Rig } from '../cli/_lib.js';

let rig: Rig;
let p: TestProject;
const S = 'cl';
beforeAll(async () => {
  assertBuilt();
  rig = startRig();
  p = makeProject({ init: false });
  expectExit(await rig.loop('up', ['--session', S, '--no-attach'], { cwd: p.root }), 0);
  expectExit(await rig.loop('add-lane', ['--session', S, '--window', 'dyn', '--harness', 'codex', '--model', 'm1', '--role', 'rev', '--kind', 'standing'], { cwd: p.root }), 0);
});
afterAll(() => { rig.cleanup(); p.cleanup(); });

const ll = (args: string[], env: Record<string, string> = {}) => rig.loop('list-lanes', args, { env });

describe('contract: loop list-lanes', () => {
  it('--help lists --session and --json', async () => {
    const flags = helpFlags(expectExit(await ll(['--help']), 0).stdout);
    for (const f of ['--session', '--json', '--socket-name', '--socket-path', '--project-root']) expect(flags).toContain(f);
  });

  it('--json: {contract_version: 1, session, generated_at, lanes[]} with exactly window/harness/model/role/cmd/base/kind per lane', async () => {
    const doc = JSON.parse(expectExit(await ll(['--session', S, '--json']), 0).stdout) as Record<string, unknown>;
    expect(Object.keys(doc)).toEqual(['contract_version', 'session', 'generated_at', 'lanes']);
    expect(doc.contract_version).toBe(1);
    expect(doc.session).toBe(S);
    expect(doc.generated_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const lanes = doc.lanes as Array<Record<string, unknown>>;
    expect(lanes.map((l) => l.window)).toEqual(['coord', 'web', 'infra', 'validate', 'ops', 'docs', 'dyn']);
    for (const l of lanes) {
      expect(Object.keys(l)).toEqual(['window', 'harness', 'model', 'role', 'cmd', 'base', 'kind']);
      for (const k of ['harness', 'model', 'role', 'cmd']) expect(l[k] === null || typeof l[k] === 'string', k).toBe(true);
      expect(typeof l.base).toBe('boolean');
      expect(['standing', 'worker']).toContain(l.kind);
    }
    expect(lanes[0]).toEqual({ window: 'coord', harness: null, model: null, role: null, cmd: null, base: true, kind: 'standing' });
    expect(lanes[6]).toEqual({ window: 'dyn', harness: 'codex', model: 'm1', role: 'rev', cmd: 'codex --config model=m1', base: false, kind: 'standing' });
  });

  it('human: the header WINDOW DYN HARNESS ROLE CMD, one row per window', async () => {
    const lines = expectExit(await ll(['--session', S]), 0).stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^WINDOW\s+DYN\s+HARNESS\s+ROLE\s+CMD$/);
    expect(lines).toHaveLength(8);
  });

  it('inside tmux with neither --session nor LOOP_SESSION, the current session is used', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'loopdeck-cl-'));
    try {
      const out = join(dir, 'out.json');
      const pane = rig.panes(S).find((x) => x.window === 'docs')!.id;
      rig.t.run('send-keys', '-t', pane, '-l', `env -u LOOP_SESSION -u LOOPDECK_TMUX_SOCKET '${process.execPath}' '${BIN.loop}' list-lanes --json > '${out}.tmp' && mv '${out}.tmp' '${out}'`);
      rig.t.run('send-keys', '-t', pane, 'Enter');
      await waitFor(() => existsSync(out), { what: 'list-lanes run inside the pane', timeoutMs: 20_000 });
      expect((JSON.parse(readFileSync(out, 'utf8')) as { session: string }).session).toBe(S);
    } finally { rmSync(dir, { recursive: true, force: true }); }
  });

  it('exit 1 with one line (+ hint): missing session, dead server, tmux absent, tmux older than 3.3; no --session', async () => {
    expectOneLineError(await ll(['--session', 'nope', '--json']), 1, `list-lanes: session 'nope' does not exist on -L ${rig.t.name}`);
    const dead = deadServer();
    expectOneLineError(await runCli('loop', ['list-lanes', '-L', dead, '--session', S]), 1, `list-lanes: no tmux server is running on -L ${dead}`);
    expectOneLineError(await ll(['--session', S], { PATH: NO_TMUX_PATH }), 1, 'list-lanes: tmux is not installed or not on PATH');
    expectOneLineError(await ll(['--session', S], { PATH: OLD_TMUX_PATH }), 1, 'list-lanes: tmux 3.2 is older than tmux 3.3');
    expect((await ll([])).code).toBe(1);
  });
});
