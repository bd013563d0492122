/**
 * Contract: `loop config print-resolved|lane-launch|lane-field|validate|lanes --lane-config FILE` (CONTRACT.md;
 * spec/substrate.md §11.5) — host override merge, launch resolution (acceptance 3, 4, 7), located problems
 * (`file:line: lanes.<lane>.<key>: …`, acceptance 8), exit codes 0 / 1 / 2 (missing --lane-config).
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { assertBuilt, runCli } from '../helpers/cli.js';
import { makeProject, type TestProject } from '../helpers/project.js';
import { expectFlags, expectShape } from './_lanes-rig.js';

let p: TestProject;
beforeAll(() => assertBuilt());
afterEach(() => p.cleanup());
const host = (hostname().split('.')[0] || 'unknown').toLowerCase();
const loop = (args: string[], env: Record<string, string | undefined> = {}) => runCli('loop', ['config', ...args], { cwd: p.root, env: { LANE_CONFIG_PROJECT_ROOT: undefined, LANE_CONFIG_PRESERVE_PATHS: undefined, ...env } });

describe('contract: loop config', () => {
  it('--help of each verb lists --lane-config; a verb without it exits 2', async () => {
    p = makeProject({ init: false, git: false });
    for (const v of ['print-resolved', 'lane-launch', 'lane-field', 'validate', 'lanes']) expectFlags(await loop([v, '--help']), ['--lane-config']);
    expect((await loop(['lanes'])).code).toBe(2);
    expect((await loop([])).code).toBe(0);
    expect((await loop(['bogus'])).code).toBe(1);
    expect((await loop(['validate', '--lane-config', 'missing.yaml'])).code).toBe(1);
  });

  it('acceptance 3, 4, 6, 7: launches, the host override (lane-level replace, appended lanes), `scripts/` rewrite', async () => {
    p = makeProject({ init: false, git: false });
    p.write('lc.yaml', 'lanes:\n  web: { harness: codex, model: gpt-5, role: web }\n  infra: { harness: claude }\n  ops-top: { harness: shell, cmd: scripts/dev-watch.sh --fast }\nengine:\n  approval_mode: manual\n');
    p.write(`lc.${host}.yaml`, 'lanes:\n  web: { harness: codex, model: gpt-5 }\n  extra: { harness: pi }\n');
    const lc = ['--lane-config', 'lc.yaml'];
    expect((await loop(['lanes', ...lc])).stdout).toBe('web\ninfra\nops-top\nextra\n');
    expect((await loop(['lane-launch', 'web', ...lc])).stdout).toBe('codex --config model=gpt-5\n');
    expect((await loop(['lane-launch', 'web', 'with-auto-approve', ...lc])).stdout).toBe('codex --config model=gpt-5 --dangerously-bypass-approvals-and-sandbox\n');
    expect((await loop(['lane-launch', 'ops-top', ...lc], { LANE_CONFIG_PROJECT_ROOT: '/R' })).stdout).toBe('/R/scripts/dev-watch.sh --fast\n');
    expect((await loop(['lane-launch', 'ops-top', ...lc], { LANE_CONFIG_PRESERVE_PATHS: '1' })).stdout).toBe('scripts/dev-watch.sh --fast\n');
    expect((await loop(['lane-field', 'web', 'role', ...lc])).stdout).toBe('\n'); // the override replaced the lane
    expect((await loop(['lane-field', 'web', 'model', ...lc])).stdout).toBe('gpt-5\n');
    expect((await loop(['lane-field', 'nope', 'model', ...lc])).stdout).toBe('\n');
    expect((await loop(['validate', ...lc])).stdout).toBe(`lane-config OK (${join(p.root, 'lc.yaml')} + ${join(p.root, `lc.${host}.yaml`)})\n`);
    const pr = await loop(['print-resolved', ...lc]);
    expect(pr.stdout.split('\n').slice(0, 2)).toEqual([`# lane-config: ${join(p.root, 'lc.yaml')} + ${join(p.root, `lc.${host}.yaml`)}`, '# bare = bootstrap launch; audit = bare + harness auto-approve flag']);
    expect(pr.stdout).toContain('    audit: claude --dangerously-skip-permissions\n');
    const j = JSON.parse((await loop(['print-resolved', '--json', ...lc])).stdout) as { lanes: unknown[] };
    expectShape(j, ['contract_version', 'lane_config', 'files', 'lanes'], true);
    expectShape(j.lanes[0], ['lane', 'harness', 'model', 'role', 'kind', 'bare', 'audit']);
    expect((await loop(['lane-launch', 'nope', ...lc])).code).toBe(1);
    // --json on the read verbs (additive)
    expect(JSON.parse((await loop(['lanes', '--json', ...lc])).stdout)).toEqual({ contract_version: 1, lane_config: `${join(p.root, 'lc.yaml')} + ${join(p.root, `lc.${host}.yaml`)}`, lanes: ['web', 'infra', 'ops-top', 'extra'] });
    expect(JSON.parse((await loop(['lane-launch', 'web', 'with-auto-approve', '--json', ...lc])).stdout)).toEqual({ contract_version: 1, lane: 'web', mode: 'with-auto-approve', launch: 'codex --config model=gpt-5 --dangerously-bypass-approvals-and-sandbox' });
    expect(JSON.parse((await loop(['lane-field', 'web', 'model', '--json', ...lc])).stdout)).toEqual({ contract_version: 1, lane: 'web', field: 'model', value: 'gpt-5' });
    expect(JSON.parse((await loop(['lane-field', 'web', 'role', '--json', ...lc])).stdout)).toEqual({ contract_version: 1, lane: 'web', field: 'role', value: null });
  });

  it('acceptance 8: problems are one line each with file:line and dotted key, then the summary; exit 1; --json lists them', async () => {
    p = makeProject({ init: false, git: false });
    p.write('bad.yaml', 'lanes:\n  web: { harness: pi, kind: bogus }\n  1web: { harness: pi }\n  docs: { harness: nope }\n  infra: { role: x }\n');
    const r = await loop(['validate', '--lane-config', 'bad.yaml']);
    expect(r.code).toBe(1);
    const f = join(p.root, 'bad.yaml');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^${f}:2: lanes\\.web\\.kind: `)));
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^${f}:3: lanes\\.1web: invalid lane name`)));
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^${f}:4: lanes\\.docs\\.harness: unknown harness 'nope' \\(known: pi claude`)));
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^${f}:5: lanes\\.infra\\.harness: missing harness$`)));
    expect(lines).toContain('error: lane-config validation failed: 4 error(s)');
    p.write('empty.yaml', 'engine:\n  approval_mode: manual\n');
    expect((await loop(['validate', '--lane-config', 'empty.yaml'])).stderr).toContain(`no lanes found in ${join(p.root, 'empty.yaml')}`);
    const j = JSON.parse((await loop(['validate', '--json', '--lane-config', 'bad.yaml'])).stdout) as { ok: boolean; problems: unknown[] };
    expectShape(j, ['contract_version', 'ok', 'lane_config', 'problems', 'warnings'], true);
    expect(j.ok).toBe(false);
    expect(j.problems).toHaveLength(4);
  });
});
