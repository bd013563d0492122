/**
 * Review regressions: in a project made by `loop init`, the `<page>.lock` files of the wiki writers,
 * the temp files of atomic writes and the lint scratchpad are ignored by git (ops-wiki/.gitignore),
 * and a normal `wiki-lint --fix` run that writes pages under their locks leaves no lock behind.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, runCli } from '../helpers/cli.js';
import { makeProject, type TestProject } from '../helpers/project.js';

let p: TestProject | null = null;
afterEach(() => { p?.cleanup(); p = null; });
beforeAll(() => assertBuilt());

const git = (root: string, ...args: string[]): string => execFileSync('git', args, { cwd: root, encoding: 'utf8' });
const walk = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? walk(join(dir, d.name)) : [join(dir, d.name)]));

describe('loop init: transient wiki files are gitignored', () => {
  it('locks, temp files and the scratchpad are ignored; pages are not', async () => {
    p = makeProject({ init: false });
    const r = await runCli('loop', ['init', '--json'], { cwd: p.root });
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { files: string[] }).files).toContain('ops-wiki/.gitignore');
    for (const f of ['ops-wiki/checkpoint.md.lock', 'ops-wiki/loops/alpha.md.lock', 'ops-wiki/.checkpoint.md.123.abcdef.tmp', 'ops-wiki/.lint-scratchpad.md']) p.write(f, 'x');
    const ignored = git(p.root, 'status', '--porcelain', '--ignored', '--untracked-files=all', 'ops-wiki').split('\n').filter((l) => l.startsWith('!! ')).map((l) => l.slice(3)).sort();
    expect(ignored).toEqual(['ops-wiki/.checkpoint.md.123.abcdef.tmp', 'ops-wiki/.lint-scratchpad.md', 'ops-wiki/checkpoint.md.lock', 'ops-wiki/loops/alpha.md.lock']);
    expect(git(p.root, 'status', '--porcelain', '--untracked-files=all', 'ops-wiki')).toContain('ops-wiki/checkpoint.md');
  });

  it('a wiki-lint --fix run that writes index.md and checkpoint.md leaves no .lock behind', async () => {
    p = makeProject();
    p.write('ops-wiki/loops/alpha.md', '# loop: alpha\n\n> CONFLICT: a vs b (m1, m2)\n');
    const before = readFileSync(join(p.root, 'ops-wiki', 'checkpoint.md'), 'utf8');
    const r = await runCli('loop', ['wiki-lint', '--fix'], { cwd: p.root });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/ORPHAN.*\[fixed\]/);
    expect(readFileSync(join(p.root, 'ops-wiki', 'checkpoint.md'), 'utf8')).not.toBe(before);
    expect(walk(join(p.root, 'ops-wiki')).filter((f) => f.endsWith('.lock') || f.endsWith('.tmp'))).toEqual([]);
  });

  it('init next to an existing ops-wiki/.gitignore refuses and leaves it alone', async () => {
    p = makeProject({ init: false });
    const mine = p.write('ops-wiki/.gitignore', 'mine\n');
    const r = await runCli('loop', ['init'], { cwd: p.root });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('ops-wiki/.gitignore');
    expect(readFileSync(mine, 'utf8')).toBe('mine\n');
  });
});
