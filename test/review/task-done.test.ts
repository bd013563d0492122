/**
 * Review regression: with two files carrying the same id (`T0005-a.md`, `T0005-b.md`),
 * `loop task-done T0005` silently archived the first and left the other; it now refuses, exit 1,
 * naming both, and changes nothing (no move, no log line).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, runCli } from '../helpers/cli.js';
import { makeProject, writeTask, type TestProject } from '../helpers/project.js';

let p: TestProject | null = null;
afterEach(() => { p?.cleanup(); p = null; });
beforeAll(() => assertBuilt());

describe('task-done with a duplicated id', () => {
  it('refuses and changes nothing', async () => {
    p = makeProject();
    writeTask(p, 'T0005', 'alpha', { status: 'review' });
    writeTask(p, 'T0005', 'beta', { status: 'review' });
    const log = readFileSync(join(p.root, 'ops-wiki', 'log.md'), 'utf8');
    const r = await runCli('loop', ['task-done', 'T0005'], { cwd: p.root });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/2 task files carry T0005 .*T0005-alpha\.md, T0005-beta\.md; nothing changed/);
    expect(readdirSync(join(p.root, 'tasks')).filter((n) => n.startsWith('T')).sort()).toEqual(['T0005-alpha.md', 'T0005-beta.md']);
    expect(existsSync(join(p.root, 'tasks', 'archive', 'T0005-alpha.md'))).toBe(false);
    expect(readFileSync(join(p.root, 'ops-wiki', 'log.md'), 'utf8')).toBe(log);
  });
});
