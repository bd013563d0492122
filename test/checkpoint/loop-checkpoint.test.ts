/**
 * `loop checkpoint` as a process (spec/wiki-tasks-pm-deck.md §4): --print output and size report,
 * --header-file re-read, missing inputs exit 1, the hard ceiling exit 3 with nothing on stdout,
 * mode conflicts, and --dispatch into a real lane on a private tmux server.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync, rmSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertBuilt, runCli } from '../helpers/cli.js';
import { makeProject, type TestProject } from '../helpers/project.js';
import { makeBed, type Bed } from '../helpers/engine.js';
import { waitFor } from '../helpers/wait-for.js';

let p: TestProject | null = null;
let bed: Bed | null = null;
beforeAll(() => assertBuilt());
afterEach(async () => { p?.cleanup(); p = null; await bed?.cleanup(); bed = null; });

const cp = (args: string[], env: Record<string, string | undefined> = {}) => runCli('loop', ['checkpoint', ...args, '--project-root', p!.root], { cwd: p!.root, env });

describe('loop checkpoint', () => {
  it('--print: header, projected checkpoint, index, pending summary; size report on stderr', async () => {
    p = makeProject();
    p.write('.loop/orchestrator-state.json', JSON.stringify({ loops: { demo: { status: 'in-progress', branch: 'lane/demo' } } }));
    p.write('.loop/messages/20260101-000000-web-to-coord.md', '---\nsubject: hi\n---\nx\n');
    const header = p.write('hdr.md', 'HEADER ONE\n');
    let r = await cp(['--print', '--header-file', header]);
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith('HEADER ONE\n\n--- ops-wiki/checkpoint.md ---\n# checkpoint\n')).toBe(true);
    expect(r.stdout).toContain('- **demo** — status=in-progress; branch=lane/demo');
    expect(r.stdout).toContain('--- ops-wiki/index.md ---');
    expect(r.stdout).toContain('pending: 1\n  20260101-000000-web-to-coord.md\nprocessed: 0');
    expect(r.stderr).toMatch(/^prompt size: \d+ bytes \(~\d+ tokens, bytes\/4\)/);
    writeFileSync(header, 'HEADER TWO\n');
    r = await cp(['--print', '--header-file', header, '--json']);
    const j = JSON.parse(r.stdout) as { contract_version: number; prompt: string; verdict: string; tokens: number };
    expect(j.prompt.startsWith('HEADER TWO\n')).toBe(true);
    expect(j.verdict).toBe('ok');
  });

  it('exit 1 on missing inputs or bad modes; exit 3 over the ceiling with nothing on stdout', async () => {
    p = makeProject();
    expect((await cp([])).code).toBe(1);
    expect((await cp(['--print', '--dispatch'])).stderr).toMatch(/--print conflicts with --dispatch/);
    expect((await cp(['--print', '--header-file', join(p.root, 'nope.md')])).code).toBe(1);
    p.write('ops-wiki/index.md', 'x'.repeat(2000) + '\n');
    let r = await cp(['--print', '--token-ceiling', '100']);
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/hard ceiling/);
    r = await cp(['--print'], { LOOP_CHECKPOINT_TOKEN_CEILING: '100' });
    expect(r.code).toBe(3);
    rmSync(join(p.root, 'ops-wiki', 'index.md'));
    r = await cp(['--print']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/missing .*index\.md/);
  });

  it('--dispatch LANE delivers the prompt into the lane', async () => {
    bed = await makeBed({ lanes: '  web: { harness: demo, role: web }\n' });
    bed.project.write('ops-wiki/index.md', '# index\nnext: T0042\n');
    const r = await bed.loop(['checkpoint', '--dispatch', 'web', '--session', bed.session]);
    expect(r.stderr).toMatch(/prompt size/);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Dispatched checkpoint \(\d+ bytes\) to /);
    // The demo agent answers a pasted text naming a task with a `done <id>` mailbox message.
    await waitFor(() => readdirSync(join(bed!.root, '.loop', 'messages')).some((f) => f.endsWith('-web-to-coord.md') && readFileSync(join(bed!.root, '.loop', 'messages', f), 'utf8').includes('done T0042')), { timeoutMs: 20_000, what: 'the web lane received the prompt' });
  });
});
