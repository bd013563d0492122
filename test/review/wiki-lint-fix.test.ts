/**
 * Review regressions of `loop wiki-lint --fix` (CONTRACT: exit 1 for no ops-wiki/, no pages, or a
 * checkpoint with zero or several markers): it used to create ops-wiki/log.md and index.md in a
 * project without a wiki and exit 0, and `--fix --json` exited 0 on a bad checkpoint.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, runCli } from '../helpers/cli.js';
import { makeProject, type TestProject } from '../helpers/project.js';

let p: TestProject | null = null;
afterEach(() => { p?.cleanup(); p = null; });
beforeAll(() => assertBuilt());

describe('wiki-lint --fix on a missing, empty or broken wiki', () => {
  it('no ops-wiki/: exit 1 naming it, nothing created (also with --json)', async () => {
    p = makeProject({ init: false });
    for (const args of [['--fix'], ['--fix', '--json']]) {
      const r = await runCli('loop', ['wiki-lint', ...args], { cwd: p.root });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`missing ${join(p.root, 'ops-wiki')}`);
      expect(existsSync(join(p.root, 'ops-wiki'))).toBe(false);
    }
  });

  it('an empty ops-wiki/: exit 1 "no pages", still empty', async () => {
    p = makeProject({ init: false });
    mkdirSync(join(p.root, 'ops-wiki'));
    const r = await runCli('loop', ['wiki-lint', '--fix'], { cwd: p.root });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no pages found/);
    expect(readdirSync(join(p.root, 'ops-wiki'))).toEqual([]);
  });

  it('--fix --json with two markers: exit 1, the problem in the JSON, checkpoint untouched', async () => {
    p = makeProject();
    const cp = join(p.root, 'ops-wiki', 'checkpoint.md');
    p.write('ops-wiki/checkpoint.md', `${readFileSync(cp, 'utf8')}\n<!-- coord-decisions -->\n`);
    p.write('ops-wiki/loops/a.md', '# loop: a\n\n> CONFLICT: x vs y (m1, m2)\n');
    const before = readFileSync(cp, 'utf8');
    const r = await runCli('loop', ['wiki-lint', '--fix', '--json'], { cwd: p.root });
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as { problems: string[] };
    expect(doc.problems[0]).toMatch(/checkpoint\.md:\d+: .*appears 2 times/);
    expect(readFileSync(cp, 'utf8')).toBe(before);
  });
});
