/**
 * `engine verify` as a process (spec/engine.md §15): gate → diff → three lenses (a fake Node lens via
 * LOOP_VERIFY_CMD) → aggregate; exit 0 iff pass. A failed gate runs no lens; an unparseable lens reply
 * is concerns (never a false pass); an empty diff is concerns; --out writes the result atomically.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertBuilt, runCli, ROOT } from '../helpers/cli.js';
import { makeProject, type TestProject } from '../helpers/project.js';

const LENS = join(ROOT, 'test', 'fixtures', 'bin', 'drive', 'fake-lens');
let p: TestProject;
const git = (...a: string[]) => execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...a], { cwd: p.root, encoding: 'utf8' });
const verify = (args: string[], env: Record<string, string> = {}) => runCli('engine', ['verify', '--worktree', p.root, '--base', 'main', ...args], { cwd: p.root, env: { LOOP_VERIFY_CMD: LENS, LOOP_VERIFY_GATE: 'true', ...env } });

beforeAll(() => {
  assertBuilt();
  p = makeProject({ init: false });
  git('checkout', '-q', '-b', 'feature');
  p.write('f.txt', 'feature\n');
  git('add', 'f.txt');
  git('commit', '-q', '-m', 'feature');
});
afterAll(() => p?.cleanup());

describe('engine verify', () => {
  it('pass: three lenses, exit 0, result at --out', async () => {
    const out = join(p.root, 'res.json');
    const r = await verify(['--tip', 'feature', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^verify pass: 0 finding\(s\)/);
    const j = JSON.parse(readFileSync(out, 'utf8')) as { overall: string; gate: { passed: boolean }; lenses: Array<{ lens: string; verdict: string }> };
    expect(j.overall).toBe('pass');
    expect(j.gate.passed).toBe(true);
    expect(j.lenses.map((l) => l.lens).sort()).toEqual(['adversarial', 'code-review', 'silent-failure']);
  });

  it('failed gate ⇒ fail, no lenses, exit 1', async () => {
    const r = await verify(['--tip', 'feature', '--gate', 'false']);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout) as { overall: string; lenses: unknown[]; gate: { passed: boolean; output_tail: string } };
    expect(j).toMatchObject({ overall: 'fail', lenses: [], gate: { passed: false } });
    expect(j.gate.output_tail).toContain('$ false');
  });

  it('high finding ⇒ fail; garbage reply ⇒ concerns (never a false pass); lens crash ⇒ concerns with lens-error', async () => {
    expect(JSON.parse((await verify(['--tip', 'feature'], { FAKE_LENS_SEVERITY: 'high' })).stdout).overall).toBe('fail');
    const g = await verify(['--tip', 'feature'], { FAKE_LENS_MODE: 'garbage' });
    expect(g.code).toBe(1);
    expect(JSON.parse(g.stdout)).toMatchObject({ overall: 'concerns', findings: expect.arrayContaining([expect.objectContaining({ title: 'parse-note', severity: 'low' })]) });
    expect(JSON.parse((await verify(['--tip', 'feature'], { FAKE_LENS_MODE: 'fail' })).stdout).findings[0]).toMatchObject({ title: 'lens-error' });
  });

  it('empty diff ⇒ concerns "nothing to review"; a bad ref ⇒ fail; missing worktree ⇒ exit 2', async () => {
    const e = JSON.parse((await verify(['--tip', 'main'])).stdout) as { overall: string; notes: string[] };
    expect(e.overall).toBe('concerns');
    expect(e.notes).toContain('nothing to review');
    expect(JSON.parse((await verify(['--tip', 'no-such-ref'])).stdout).overall).toBe('fail');
    expect((await runCli('engine', ['verify', '--worktree', join(p.root, 'nope'), '--base', 'main', '--tip', 'x'], { cwd: p.root })).code).toBe(2);
  });
});
