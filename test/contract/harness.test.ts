/**
 * Contract: `loop harness list|fields|field|oneshot|probe|roster|health` (CONTRACT.md; spec/substrate.md §10.4) —
 * registry order, the frozen `field` quirk (exit 0, empty line), one-shot exit codes, probe lines and `--json`
 * shapes, with a PATH of fake agents (found) and of system dirs only (missing).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { assertBuilt, runCli, ROOT } from '../helpers/cli.js';
import { expectFlags, expectOneLineError, expectShape } from './_lanes-rig.js';

const AGENTS = join(ROOT, 'test', 'fixtures', 'bin', 'agents');
const SYSTEM = '/usr/bin:/bin';
beforeAll(() => assertBuilt());
const loop = (args: string[], path = SYSTEM) => runCli('loop', ['harness', ...args], { env: { PATH: path } });
const NAMES = ['pi', 'claude', 'opencode', 'codex', 'cursor-agent', 'hermes', 'droid', 'forge', 'amp', 'openclaw', 'mprocs', 'shell', 'gemini', 'aider', 'demo'];

describe('contract: loop harness', () => {
  it('acceptance 50: list in table order; oneshot claude → `claude -p {prompt}`; oneshot pi → exit 1, empty stdout', async () => {
    expect((await loop(['list'])).stdout).toBe(NAMES.join('\n') + '\n');
    expect(await loop(['oneshot', 'claude'])).toMatchObject({ code: 0, stdout: 'claude -p {prompt}\n' });
    const pi = await loop(['oneshot', 'pi']);
    expect(pi.stdout).toBe('');
    expectOneLineError(pi, 1, /has no one-shot mode/);
    expectOneLineError(await loop(['oneshot', 'nope']), 1, /^error: unknown harness: nope$/);
    // --json on the read verbs (additive; same exits)
    expect(JSON.parse((await loop(['oneshot', 'claude', '--json'])).stdout)).toEqual({ contract_version: 1, harness: 'claude', oneshot_template: 'claude -p {prompt}' });
    expect(JSON.parse((await loop(['field', 'codex', 'launch_cmd', '--json'])).stdout)).toEqual({ contract_version: 1, harness: 'codex', field: 'launch_cmd', value: 'codex' });
    const unknown = await loop(['field', 'codex', 'nope', '--json']);
    expect(unknown.code).toBe(0);
    expect(JSON.parse(unknown.stdout)).toEqual({ contract_version: 1, harness: 'codex', field: 'nope', value: null });
    const health = await loop(['health', 'codex', '--json']); // not on the system PATH
    expect(health.code).toBe(1);
    expect(JSON.parse(health.stdout)).toEqual({ contract_version: 1, harness: 'codex', health: 'missing' });
  });

  it('fields NAME: 19 `<field padded 22><value>` lines (the 18 of §10.1, then approval_marker); unknown → exit 1', async () => {
    const lines = (await loop(['fields', 'codex'])).stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(19);
    expect(lines[0]).toBe('launch_cmd            codex');
    expect(lines[1]).toBe('model_flag            --config');
    expect(lines[18]!.startsWith('approval_marker       ')).toBe(true);
    expect((await loop(['fields', 'nope'])).code).toBe(1);
    const j = JSON.parse((await loop(['fields', 'claude', '--json'])).stdout) as { harness: Record<string, string> };
    expectShape(j, ['contract_version', 'harness'], true);
    expect(Object.keys(j.harness)).toHaveLength(20);
  });

  it('field NAME FIELD prints the value; the frozen quirk: unknown harness or field → empty line, exit 0 (warning on stderr)', async () => {
    expect((await loop(['field', 'claude', 'auto_approve_flag'])).stdout).toBe('--dangerously-skip-permissions\n');
    for (const args of [['nope', 'launch_cmd'], ['claude', 'nope']]) {
      const r = await loop(['field', ...args]);
      expect(r).toMatchObject({ code: 0, stdout: '\n' });
      expect(r.stderr).toMatch(/^warning: unknown /);
    }
  });

  it('probe: the §10.4 lines and binary on PATH (exit 0), NOT FOUND (exit 1), bare shell (exit 0); --json shape', async () => {
    const found = await loop(['probe', 'codex', 'gpt-5'], `${AGENTS}:${SYSTEM}`);
    expect(found.code).toBe(0);
    const labels = found.stdout.trimEnd().split('\n').map((l) => l.slice(0, 19).trimEnd());
    expect(labels.slice(0, 10)).toEqual(['harness:', 'launch_cmd:', 'model:', 'expected_process:', 'auto_approve_flag:', 'paste_enter_delay:', 'skill_dir:', 'non_interactive:', 'oneshot_template:', 'binary:']);
    expect(found.stdout).toContain('launch_cmd:        codex --config model=gpt-5\n');
    expect(found.stdout).toContain(`binary:            ${join(AGENTS, 'codex')}\n`);
    const missing = await loop(['probe', 'claude']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/NOT FOUND on PATH/);
    expect(await loop(['probe', 'shell'])).toMatchObject({ code: 0 });
    expect((await loop(['probe', 'shell'])).stdout).toContain('(no launch — bare shell lane)');
    const j = JSON.parse((await loop(['probe', 'pi', '--json'], `${AGENTS}:${SYSTEM}`)).stdout) as Record<string, unknown>;
    expectShape(j, ['contract_version', 'harness', 'launch_cmd', 'model', 'expected_process', 'auto_approve_flag', 'paste_enter_delay', 'skill_dir', 'non_interactive', 'oneshot_template', 'binary', 'present', 'version'], true);
    expect(j).toMatchObject({ harness: 'pi', present: true, binary: join(AGENTS, 'pi') });
    expectOneLineError(await loop(['probe', 'nope']), 1, /^error: unknown harness: nope$/);
  });

  it('roster --json: every harness in order with boolean present (shell always present); health: ok / missing', async () => {
    const j = JSON.parse((await loop(['roster', '--json'], `${AGENTS}:${SYSTEM}`)).stdout) as { harnesses: Array<Record<string, unknown>> };
    expectShape(j, ['contract_version', 'harnesses'], true);
    expect(j.harnesses.map((h) => h.name)).toEqual(NAMES);
    for (const h of j.harnesses) expectShape(h, ['name', 'present', 'capability_tags', 'cost_tier', 'autonomy_class', 'auth_requirement', 'health_probe', 'drift_pins', 'oneshot_template']);
    expect(j.harnesses.find((h) => h.name === 'shell')!.present).toBe(true);
    expect(j.harnesses.find((h) => h.name === 'claude')!.present).toBe(true);
    expect(j.harnesses.find((h) => h.name === 'amp')!.present).toBe(false);
    expect(await loop(['health', 'shell'])).toMatchObject({ code: 0, stdout: 'ok\n' });
    expect(await loop(['health', 'claude'])).toMatchObject({ code: 1, stdout: 'missing\n' });
  });

  it('--help of each verb', async () => {
    expectFlags(await loop(['probe', '--help']), ['--json']);
    expectFlags(await loop(['list', '--help']), ['--json']);
    expect((await loop([])).stdout).toBe(NAMES.join('\n') + '\n'); // default verb: list
    expect((await runCli('loop', ['-L', 'loopdeck-test-unused', 'harness', 'list'], { env: { PATH: SYSTEM } })).stdout).toBe(NAMES.join('\n') + '\n'); // options before the verb
    expectOneLineError(await loop(['bogus']), 1, /^error: harness: unknown verb 'bogus'$/);
  });
});
