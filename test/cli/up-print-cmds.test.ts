/**
 * `loop up --print-cmds`: slot resolution as a process, without tmux (spec/substrate.md §1.4–1.7,
 * §11; acceptance 1–9). No tmux server is started here; the first test runs with a PATH that has no
 * tmux at all.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { assertBuilt, runCli } from '../helpers/cli.js';
import { makeProject, type TestProject } from '../helpers/project.js';

let p: TestProject;
beforeAll(() => { assertBuilt(); p = makeProject({ init: false, git: false }); });
afterAll(() => p.cleanup());

const KEYS = ['SESSION_NAME', 'WEB_ROOT', 'INFRA_CD_ROOT', 'AUTO_COORD_CMD', 'AUTO_WEB_CMD', 'AUTO_INFRA_CMD', 'AUTO_VALIDATE_LEFT_CMD', 'AUTO_VALIDATE_RIGHT_CMD', 'AUTO_OPS_TOP_CMD', 'AUTO_OPS_BOTTOM_CMD', 'AUTO_DOCS_CMD'];

async function printCmds(args: string[], env: Record<string, string | undefined> = {}): Promise<{ code: number; vars: Record<string, string>; lines: string[]; stderr: string }> {
  const r = await runCli('loop', ['up', '--session', 'pc', '--print-cmds', ...args], { cwd: p.root, env: { LOOP_VALIDATE_CMD: undefined, LOOP_GATEWAY_HEALTH_CMD: undefined, LOOP_LOG_STREAM_CMD: undefined, LOOP_WORKTREE_WEB: undefined, LOOP_WORKTREE_INFRA: undefined, LANE_CONFIG_PRESERVE_PATHS: undefined, ...env } });
  const lines = r.stdout.split('\n').filter(Boolean);
  const vars = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
  return { code: r.code, vars, lines, stderr: r.stderr };
}

const yaml = (name: string, text: string): string => p.write(name, text);

describe('loop up --print-cmds', () => {
  it('acceptance 1: no preset, no flags → all eight AUTO_* lines empty (coord included), keys in order, exit 0 with no tmux on PATH', async () => {
    const bare = join(p.root, 'no-tmux-bin');
    mkdirSync(bare, { recursive: true });
    const r = await printCmds([], { PATH: bare });
    expect(r.code, r.stderr).toBe(0);
    expect(r.lines.map((l) => l.split('=')[0])).toEqual(KEYS);
    expect(r.vars.SESSION_NAME).toBe('pc');
    expect(r.vars.WEB_ROOT).toBe(p.root);
    expect(r.vars.INFRA_CD_ROOT).toBe(p.root);
    for (const k of KEYS.slice(3)) expect(r.vars[k], k).toBe('');
  });

  it('acceptance 2: --preset pi-claude --web-cmd myweb --validate-cmd "npm test" → flags beat the preset, coord is the quoted digest', async () => {
    const r = await printCmds(['--preset', 'pi-claude', '--web-cmd', 'myweb', '--validate-cmd', 'npm test']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.vars.AUTO_WEB_CMD).toBe('myweb');
    expect(r.vars.AUTO_INFRA_CMD).toBe('claude');
    expect(r.vars.AUTO_VALIDATE_LEFT_CMD).toBe('npm test');
    expect(r.vars.AUTO_COORD_CMD).toMatch(/^'[^']*node[^']*' '[^']*\/dist\/loop\/main\.cjs' 'digest' /);
    expect(r.vars.AUTO_COORD_CMD).toContain(`'--project-root' '${p.root}'`);
    // No preset ever sets validate-right or docs; ops slots stay empty without their source commands.
    for (const k of ['AUTO_VALIDATE_RIGHT_CMD', 'AUTO_DOCS_CMD', 'AUTO_OPS_TOP_CMD', 'AUTO_OPS_BOTTOM_CMD']) expect(r.vars[k], k).toBe('');
  });

  it('presets fill ops from --gateway-health-cmd/--log-stream-cmd; validation-only sets only validate-left; an unknown preset exits 1', async () => {
    const mon = await printCmds(['--preset', 'monitor', '--gateway-health-cmd', 'curl -s gw', '--log-stream-cmd', 'tail -f log']);
    expect(mon.vars).toMatchObject({ AUTO_OPS_TOP_CMD: 'curl -s gw', AUTO_OPS_BOTTOM_CMD: 'tail -f log', AUTO_WEB_CMD: '', AUTO_VALIDATE_LEFT_CMD: '' });
    expect(mon.vars.AUTO_COORD_CMD).toContain("'digest'");
    const vo = await printCmds(['--preset', 'validation-only'], { LOOP_VALIDATE_CMD: 'make check' });
    expect(vo.vars.AUTO_VALIDATE_LEFT_CMD).toBe('make check');
    expect(KEYS.slice(3).filter((k) => vo.vars[k] !== '')).toEqual(['AUTO_VALIDATE_LEFT_CMD']);
    const bad = await printCmds(['--preset', 'bogus']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('Unknown preset: bogus');
    expect(bad.lines).toEqual([]);
  });

  it('acceptance 3 + 4: a lane-config block beats --web-cmd and gets the auto-approve flag', async () => {
    const f = yaml('lc3.yaml', 'lanes:\n  web: {harness: codex, model: gpt-5}\n  infra: {harness: claude}\n');
    const r = await printCmds(['--lane-config', f, '--web-cmd', 'foo']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.vars.AUTO_WEB_CMD).toBe('codex --config model=gpt-5 --dangerously-bypass-approvals-and-sandbox');
    expect(r.vars.AUTO_INFRA_CMD).toBe('claude --dangerously-skip-permissions');
  });

  it('acceptance 5: a lane with no slot warns and is ignored; a coord lane is ignored silently', async () => {
    const f = yaml('lc5.yaml', 'lanes:\n  extra: {harness: pi}\n  coord: {harness: claude}\n  docs: {harness: pi, model: m1}\n');
    const r = await printCmds(['--lane-config', f]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain("warning: lane-config lane 'extra' has no tmux slot — ignoring");
    expect(r.stderr).not.toContain('coord');
    expect(r.vars.AUTO_COORD_CMD).toBe('');
    expect(r.vars.AUTO_DOCS_CMD).toBe('pi --model m1');
    expect(r.lines.join('\n')).not.toContain('extra');
  });

  it('acceptance 6: the host override replaces whole lanes and appends override-only lanes', async () => {
    const dir = join(p.root, 'hostcfg');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'lc.yaml'), 'lanes:\n  web: {harness: codex, model: gpt-5, role: web}\n  infra: {harness: claude}\n');
    writeFileSync(join(dir, `lc.${(hostname().split('.')[0] || 'unknown').toLowerCase()}.yaml`), 'lanes:\n  web: {harness: pi}\n  docs: {harness: claude}\n');
    const r = await printCmds(['--lane-config', join(dir, 'lc.yaml')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.vars.AUTO_WEB_CMD).toBe('pi');
    expect(r.vars.AUTO_INFRA_CMD).toBe('claude --dangerously-skip-permissions');
    expect(r.vars.AUTO_DOCS_CMD).toBe('claude --dangerously-skip-permissions');
  });

  it('acceptance 7: a shell lane cmd under scripts/ is rewritten under the project root unless LANE_CONFIG_PRESERVE_PATHS', async () => {
    const f = yaml('lc7.yaml', 'lanes:\n  ops-top: {harness: shell, cmd: scripts/dev-watch.sh --fast}\n  ops-bottom: {harness: shell}\n');
    const r = await printCmds(['--lane-config', f, '--ops-bottom-cmd', 'tail -f x']);
    expect(r.vars.AUTO_OPS_TOP_CMD).toBe(`${p.root}/scripts/dev-watch.sh --fast`);
    expect(r.vars.AUTO_OPS_BOTTOM_CMD).toBe(''); // a shell lane without cmd blanks its slot, beating the flag (§1.5)
    const keep = await printCmds(['--lane-config', f], { LANE_CONFIG_PRESERVE_PATHS: '1' });
    expect(keep.vars.AUTO_OPS_TOP_CMD).toBe('scripts/dev-watch.sh --fast');
  });

  it('acceptance 8: engine-only YAML → "no lanes found"; a bad lane name, a bad kind and an unknown key are named by file, line and key', async () => {
    const eo = yaml('eo.yaml', 'engine:\n  poll_interval_s: 3\n');
    const r1 = await printCmds(['--lane-config', eo]);
    expect(r1.code).toBe(1);
    expect(r1.stderr).toContain(`no lanes found in ${eo}`);
    const bad = yaml('bad.yaml', 'lanes:\n  1web: {harness: claude}\n  web:\n    harness: codex\n    modle: gpt-5\n    kind: bogus\n');
    const r2 = await printCmds(['--lane-config', bad]);
    expect(r2.code).toBe(1);
    expect(r2.lines).toEqual([]);
    expect(r2.stderr).toContain(`${bad}:2: lanes.1web:`);
    expect(r2.stderr).toContain(`${bad}:5: lanes.web.modle: unknown key 'modle'`);
    expect(r2.stderr.split('\n').find((l) => l.startsWith(`${bad}:6: lanes.web.kind: `))).toMatch(/standing.*worker/);
    expect(r2.stderr).toContain('lane-config validation failed: 3 error(s)');
  });

  it('an unknown harness in the lane-config and a missing file exit 1 with the reason', async () => {
    const f = yaml('uh.yaml', 'lanes:\n  web:\n    harness: nope\n');
    const r = await printCmds(['--lane-config', f]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("lane 'web': unknown harness 'nope'");
    const m = await printCmds(['--lane-config', join(p.root, 'missing.yaml')]);
    expect(m.code).toBe(1);
    expect(m.stderr).toContain(`--lane-config file not found: ${join(p.root, 'missing.yaml')}`);
  });

  // BUG: the lane-config.yaml that `loop init` writes has `lanes:` with every lane commented out, which
  // parses as `lanes: null`; the zod schema rejects null ("expected record, received null"), so the
  // friendly "no lanes found … uncomment or add a lane" path in cli/up.ts is unreachable for it.
  it('the untouched `loop init` lane-config reads as "no lanes found" (with the uncomment hint), not a schema error', async () => {
    const q = makeProject({ git: false });
    try {
      const r = await runCli('loop', ['up', '--session', 'pc', '--print-cmds', '--lane-config', 'lane-config.yaml'], { cwd: q.root });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('no lanes found');
      expect(r.stderr).not.toContain('expected record');
    } finally { q.cleanup(); }
  });

  it('acceptance 9: a missing --worktree-web exits 1; --worktree-web/-infra set WEB_ROOT/INFRA_CD_ROOT; --session is required', async () => {
    const r = await printCmds(['--worktree-web', join(p.root, 'missing')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`worktree path does not exist: ${join(p.root, 'missing')}`);
    const wt = join(p.root, 'wt');
    mkdirSync(wt, { recursive: true });
    const ok = await printCmds(['--worktree-web', wt, '--worktree-infra', p.root]);
    expect(ok.vars.WEB_ROOT).toBe(wt);
    expect(ok.vars.INFRA_CD_ROOT).toBe(p.root);
    const ns = await runCli('loop', ['up', '--print-cmds'], { cwd: p.root, env: { LOOP_SESSION: undefined } });
    expect(ns.code).toBe(1);
    expect(ns.stderr).toContain('--session <name> is required');
  });
});
