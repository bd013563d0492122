/**
 * Contract: `loop digest` (CONTRACT.md; spec/substrate.md §7.2) — flags, the `--json` document's exact shape
 * (contract_version 1), a subject-less message and an unreadable ledger never breaking it (exit 0, state null,
 * a located problem and a `warning:` line), and usage exit 2.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { assertBuilt, runCli } from '../helpers/cli.js';
import { makeProject, type TestProject } from '../helpers/project.js';
import { expectFlags, expectShape, TS } from './_lanes-rig.js';

let p: TestProject;
beforeAll(() => assertBuilt());
afterEach(() => p.cleanup());
const loop = (args: string[]) => runCli('loop', args, { cwd: p.root, env: { LOOP_DIGEST_ADR_DIR: undefined } });

describe('contract: loop digest', () => {
  it('--help lists every flag', async () => {
    p = makeProject({ init: false, git: false });
    expectFlags(await loop(['digest', '--help']), ['--json', '--once', '--interval', '--no-clear', '--state-file', '--mailbox-dir', '--adr-dir', '--extra-repo', '--project-root']);
  });

  it('--json: {contract_version, generated_at, state, mailbox{pending[], processed_count}, unpushed[], adrs[], problems[]}', async () => {
    p = makeProject();
    p.write('.loop/messages/20260415-112233-web-to-infra.md', '---\nsubject: Need token\n---\n');
    p.write('.loop/messages/20260415-112234-web-to-coord.md', 'no subject at all\n');
    p.write('.loop/messages/processed/20260101-000000-a-to-b.md', 'subject: old\n');
    p.write('docs/adr/0001-a.md', '---\nstatus: Proposed\n---\n# 0001. A\n');
    const r = await loop(['digest', '--json']);
    expect(r.code).toBe(0);
    const d = JSON.parse(r.stdout) as Record<string, unknown> & { mailbox: { pending: unknown[] }; unpushed: unknown[]; adrs: unknown[] };
    expectShape(d, ['contract_version', 'generated_at', 'state', 'mailbox', 'unpushed', 'adrs', 'problems'], true);
    expect(d.generated_at).toMatch(TS);
    expectShape(d.mailbox, ['pending', 'processed_count']);
    for (const m of d.mailbox.pending) expectShape(m, ['file', 'from', 'to', 'subject', 'mtime']);
    expect(d.mailbox.pending).toMatchObject([{ subject: 'Need token' }, { subject: '' }]);
    expect((d.mailbox as unknown as { processed_count: number }).processed_count).toBe(1);
    for (const u of d.unpushed) expectShape(u, ['repo', 'path', 'branch', 'upstream', 'count']);
    for (const a of d.adrs) expectShape(a, ['id', 'status', 'title', 'path']);
  });

  it('an unreadable ledger: exit 0, state null, a problem naming the file, a one-line warning saying what to do', async () => {
    p = makeProject();
    const ledger = join(p.root, '.loop', 'orchestrator-state.json');
    rmSync(ledger);
    mkdirSync(ledger); // unreadable as a file, for root too (a chmod 000 file is readable by root)
    const r = await loop(['digest', '--json']);
    expect(r.code).toBe(0);
    const d = JSON.parse(r.stdout) as { state: unknown; problems: string[] };
    expect(d.state).toBeNull();
    expect(d.problems[0]).toBe(`${ledger}: cannot read the ledger (EISDIR); check that it is a readable file`);
    expect(r.stderr).toBe(`warning: ${d.problems[0]}\n`);
  });

  it('a malformed ledger gives a `file:line:` problem and a warning; exit stays 0', async () => {
    p = makeProject();
    p.write('.loop/orchestrator-state.json', '{\n  "a": 1,\n  oops\n}\n');
    const r = await loop(['digest', '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^warning: .*orchestrator-state\.json:3: invalid JSON/);
  });

  it('usage: a positional or an unknown flag exits 2', async () => {
    p = makeProject({ init: false, git: false });
    expect((await loop(['digest', 'extra'])).code).toBe(2);
    expect((await loop(['digest', '--bogus'])).code).toBe(2);
  });
});
