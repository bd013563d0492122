/** `loop init` as a process: the scaffold, never overwriting (and naming what it refused), exit codes. */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { assertBuilt, runCli } from '../helpers/cli.js';
import { makeProject, type TestProject } from '../helpers/project.js';

let p: TestProject | null = null;
afterEach(() => { p?.cleanup(); p = null; });
beforeAll(() => assertBuilt());

const empty = (): TestProject => (p = makeProject({ init: false }));

describe('loop init', () => {
  it('scaffolds ledger, mailbox, ops-wiki, tasks, ADR dir and lane-config.yaml; --json lists exactly the files written', async () => {
    const { root } = empty();
    const r = await runCli('loop', ['init', '--json'], { cwd: root });
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as { contract_version: number; root: string; files: string[] };
    expect(doc.contract_version).toBe(1);
    expect(doc.root).toBe(root);
    for (const f of ['.loop/orchestrator-state.json', 'lane-config.yaml', 'ops-wiki/index.md', 'ops-wiki/log.md', 'ops-wiki/lanes/web.md', 'tasks/README.md', 'docs/adr/README.md']) {
      expect(doc.files).toContain(f);
    }
    for (const f of doc.files) expect(statSync(join(root, f)).isFile(), f).toBe(true);
    for (const d of ['.loop/messages', '.loop/messages/processed', 'ops-wiki', 'tasks', 'docs/adr']) expect(statSync(join(root, d)).isDirectory(), d).toBe(true);
    const ledger = JSON.parse(readFileSync(join(root, '.loop/orchestrator-state.json'), 'utf8')) as Record<string, unknown>;
    expect(ledger).toMatchObject({ schema_version: 2, loops: {} });
    expect(ledger.updated_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(readFileSync(join(root, 'lane-config.yaml'), 'utf8')).toMatch(/^lanes:/m);
    // No live example task and no ADR skeleton (they would be dispatched / listed as decisions).
    expect(doc.files.filter((f) => /^tasks\/T\d{4}-/.test(f) || /^docs\/adr\/\d{4}-/.test(f))).toEqual([]);
  });

  it('human output names the root and the next step; --project-root picks the directory', async () => {
    const { root } = empty();
    const r = await runCli('loop', ['init', '--project-root', root], { cwd: '/' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`initialised loopdeck project in ${root}`);
    expect(r.stdout).toContain('loop up');
    expect(existsSync(join(root, 'lane-config.yaml'))).toBe(true);
  });

  it('a second init refuses (exit 1), names the existing files and changes nothing', async () => {
    const { root } = empty();
    expect((await runCli('loop', ['init'], { cwd: root })).code).toBe(0);
    writeFileSync(join(root, 'lane-config.yaml'), 'lanes:\n  web: { harness: claude }\n');
    const r = await runCli('loop', ['init'], { cwd: root });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/refusing to overwrite/);
    for (const f of ['.loop/orchestrator-state.json', 'lane-config.yaml', 'ops-wiki/index.md']) expect(r.stderr).toContain(f);
    expect(readFileSync(join(root, 'lane-config.yaml'), 'utf8')).toBe('lanes:\n  web: { harness: claude }\n');
  });

  it('one conflicting file blocks the whole scaffold: only it is named, nothing else is written', async () => {
    const { root } = empty();
    mkdirSync(join(root, 'ops-wiki'), { recursive: true });
    writeFileSync(join(root, 'ops-wiki', 'index.md'), '# mine\n');
    const r = await runCli('loop', ['init'], { cwd: root });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('ops-wiki/index.md');
    expect(r.stderr).not.toContain('lane-config.yaml');
    expect(existsSync(join(root, 'lane-config.yaml'))).toBe(false);
    expect(existsSync(join(root, '.loop', 'orchestrator-state.json'))).toBe(false);
    expect(readFileSync(join(root, 'ops-wiki', 'index.md'), 'utf8')).toBe('# mine\n');
  });

  it('installs AGENTS.md (the agents\' rules, with a real ### Ingest protocol section) only where the project has none', async () => {
    const { root } = empty();
    const r = await runCli('loop', ['init', '--json'], { cwd: root });
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { files: string[] }).files).toContain('AGENTS.md');
    const agents = readFileSync(join(root, 'AGENTS.md'), 'utf8');
    expect(agents).toMatch(/^# AGENTS\.md\n/);
    expect(agents.split('\n')).toContain('### Ingest protocol');
    expect(agents).toContain('### Write partitions');
    expect(agents).not.toContain('Part 2'); // the contributors' half stays in loopdeck's own file
    const other = empty();
    writeFileSync(join(other.root, 'AGENTS.md'), '# ours\n');
    const r2 = await runCli('loop', ['init', '--json'], { cwd: other.root });
    expect(r2.code, r2.stderr).toBe(0);
    expect((JSON.parse(r2.stdout) as { files: string[] }).files).not.toContain('AGENTS.md');
    expect(readFileSync(join(other.root, 'AGENTS.md'), 'utf8')).toBe('# ours\n');
  });

  it('an unknown option is a usage error (exit 2) and writes nothing', async () => {
    const { root } = empty();
    const r = await runCli('loop', ['init', '--bogus'], { cwd: root });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown option '--bogus'/);
    expect(existsSync(join(root, 'lane-config.yaml'))).toBe(false);
  });
});
