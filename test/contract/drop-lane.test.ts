/**
 * Contract of `loop drop-lane` (CONTRACT.md; spec/substrate.md §3.4): flags, the killed line, base-lane
 * protection, exact lookup, exit codes and the one-line tmux/session errors.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, runCli } from '../helpers/cli.js';
import { makeProject, type TestProject } from '../helpers/project.js';
import { NO_TMUX_PATH, OLD_TMUX_PATH, deadServer, expectOneLineError, helpFlags } from '../helpers/contract-sub-a.js';
import { startRig, expectExit, type Rig } from '../cli/_lib.js';

let rig: Rig;
let p: TestProject;
const S = 'cd';
beforeAll(async () => {
  assertBuilt();
  rig = startRig();
  p = makeProject({ init: false });
  expectExit(await rig.loop('up', ['--session', S, '--no-attach'], { cwd: p.root }), 0);
  expectExit(await rig.loop('add-lane', ['--session', S, '--window', 'dyn1', '--cmd', 'true'], { cwd: p.root }), 0);
});
afterAll(() => { rig.cleanup(); p.cleanup(); });

const drop = (args: string[], env: Record<string, string> = {}) => rig.loop('drop-lane', args, { env });
const windows = (): string[] => rig.t.run('list-windows', '-t', `=${S}`, '-F', '#{window_name}').trim().split('\n');

describe('contract: loop drop-lane', () => {
  it('--help lists --session, --window, --force', async () => {
    const flags = helpFlags(expectExit(await drop(['--help']), 0).stdout);
    for (const f of ['--session', '--window', '--force']) expect(flags).toContain(f);
  });

  it('exit 1: base lane refused (names --force), prefix is not a match, window required; the windows survive', async () => {
    expectOneLineError(await drop(['--session', S, '--window', 'web']), 1, "drop-lane: window 'web' was not created by add-lane; refusing (pass --force to override)");
    expectOneLineError(await drop(['--session', S, '--window', 'dyn']), 1, "drop-lane: window 'dyn' not found in session 'cd'");
    expect((await drop(['--session', S])).code).toBe(1);
    expect(windows()).toEqual(['coord', 'web', 'infra', 'validate', 'ops', 'docs', 'dyn1']);
  });

  it("exit 0: \"[loop] drop-lane: killed window 'W' (@N) in 'S'\"", async () => {
    const id = rig.panes(S).find((x) => x.window === 'dyn1')!.windowId;
    expect(expectExit(await drop(['--session', S, '--window', 'dyn1']), 0).stdout).toContain(`[loop] drop-lane: killed window 'dyn1' (${id}) in '${S}'`);
    expect(windows()).not.toContain('dyn1');
  });

  it('exit 1 with one line (+ hint): missing session, dead server, tmux absent, tmux older than 3.3', async () => {
    expectOneLineError(await drop(['--session', 'nope', '--window', 'x']), 1, "drop-lane: session 'nope' does not exist");
    const dead = deadServer();
    expectOneLineError(await runCli('loop', ['drop-lane', '-L', dead, '--session', S, '--window', 'x']), 1, `drop-lane: no tmux server is running on -L ${dead}`);
    expectOneLineError(await drop(['--session', S, '--window', 'x'], { PATH: NO_TMUX_PATH }), 1, 'drop-lane: tmux is not installed or not on PATH');
    expectOneLineError(await drop(['--session', S, '--window', 'x'], { PATH: OLD_TMUX_PATH }), 1, 'drop-lane: tmux 3.2 is older than tmux 3.3');
  });
});
