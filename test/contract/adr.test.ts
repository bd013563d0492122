/**
 * Contract: `loop adr new|list|show|accept` (CONTRACT.md; spec/substrate.md §9) — `--adr-dir`, `--dir` and
 * LOOP_ADR_DIR, file naming, the accept gate's refusal (exit 1 naming each missing link), the accepted file, and
 * `--json` shapes.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, statSync, chmodSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { assertBuilt, runCli } from '../helpers/cli.js';
import { makeProject, type TestProject } from '../helpers/project.js';
import { expectFlags, expectOneLineError, expectShape } from './_lanes-rig.js';

let p: TestProject;
beforeAll(() => assertBuilt());
afterEach(() => p.cleanup());
const loop = (args: string[], env: Record<string, string | undefined> = {}) => runCli('loop', args, { cwd: p.root, env: { LOOP_ADR_DIR: undefined, ...env } });

describe('contract: loop adr', () => {
  it('--help of each verb lists its flags', async () => {
    p = makeProject({ init: false, git: false });
    for (const v of ['new', 'list', 'show', 'accept']) expectFlags(await loop(['adr', v, '--help']), ['--adr-dir', '--dir', '--project-root']);
    expectFlags(await loop(['adr', 'new', '--help']), ['--deciders', '--json']);
    expect((await loop(['adr'])).code).toBe(0);
    expectOneLineError(await loop(['adr', 'bogus']), 1, /^error: adr: unknown verb 'bogus'$/);
  });

  it('acceptance 48: new → NNNN-<slug>.md, Proposed, `# 0001. <title>`; punctuation-only title → `decision`; prints the path', async () => {
    p = makeProject({ init: false, git: false });
    const r = await loop(['adr', 'new', 'Choose the job queue: Redis vs SQS']);
    const file = join(p.root, 'docs', 'adr', '0001-choose-the-job-queue-redis-vs-sqs.md');
    expect(r).toMatchObject({ code: 0, stdout: `${file}\n` });
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/^---\nstatus: Proposed\ndate: \d{4}-\d{2}-\d{2}\ndeciders: coord, human\nverify_record:\ncanary_record:\nrollback:\n---\n/);
    expect(text).toContain('\n# 0001. Choose the job queue: Redis vs SQS\n');
    for (const s of ['## Context and Problem Statement', '## Decision Drivers', '## Considered Options', '## Decision Outcome', '### Consequences', '## Pros and Cons of the Options', '## More Information']) expect(text).toContain(s);
    const j = JSON.parse((await loop(['adr', 'new', '!!!', '--json'])).stdout) as Record<string, unknown>;
    expectShape(j, ['contract_version', 'id', 'path'], true);
    expect(j).toMatchObject({ id: '0002', path: join(p.root, 'docs', 'adr', '0002-decision.md') });
    const shown = JSON.parse((await loop(['adr', 'show', '2', '--json'])).stdout) as Record<string, unknown>;
    expect(shown).toEqual({ contract_version: 1, id: '0002', path: join(p.root, 'docs', 'adr', '0002-decision.md'), text: readFileSync(join(p.root, 'docs', 'adr', '0002-decision.md'), 'utf8') });
    expectOneLineError(await loop(['adr', 'new', '  ']), 1, /title is required/);
  });

  it('the dir: --adr-dir and --dir (both), else LOOP_ADR_DIR, else <root>/docs/adr', async () => {
    p = makeProject({ init: false, git: false });
    expect((await loop(['adr', 'new', 'a', '--adr-dir', 'one'])).stdout).toBe(`${join(p.root, 'one', '0001-a.md')}\n`);
    expect((await loop(['adr', 'new', 'b', '--dir', 'two'])).stdout).toBe(`${join(p.root, 'two', '0001-b.md')}\n`);
    expect((await loop(['adr', 'new', 'c'], { LOOP_ADR_DIR: join(p.root, 'three') })).stdout).toBe(`${join(p.root, 'three', '0001-c.md')}\n`);
    const list = await loop(['adr', 'list', '--adr-dir', 'one']);
    expect(list.stdout).toBe('ID    STATUS    TITLE\n0001  Proposed  a\n');
    expect((await loop(['adr', 'list', '--adr-dir', 'none'])).stdout).toBe(`(no ADR dir: ${join(p.root, 'none')})\n`);
    const lj = JSON.parse((await loop(['adr', 'list', '--json', '--dir', 'two'])).stdout) as { adrs: unknown[] };
    expectShape(lj, ['contract_version', 'dir', 'adrs'], true);
    expectShape(lj.adrs[0], ['id', 'status', 'title', 'path']);
  });

  it('acceptance 49: accept refuses naming both missing links (exit 1, file untouched); with verify + canary it accepts, keeps the mode', async () => {
    p = makeProject({ init: false, git: false });
    const file = (await loop(['adr', 'new', 'Use SQLite'])).stdout.trim();
    chmodSync(file, 0o644);
    const before = readFileSync(file, 'utf8');
    expectOneLineError(await loop(['adr', 'accept', '1']), 1, /^error: refusing to accept .*: missing verify_record and rollback \(or canary_record\)$/);
    expect(readFileSync(file, 'utf8')).toBe(before);
    writeFileSync(file, before.replace('verify_record:', 'verify_record: ops-wiki/loops/l1.md#verify').replace('canary_record:', 'canary_record: ops-wiki/loops/l1.md#canary'));
    const r = await loop(['adr', 'accept', '0001', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as Record<string, unknown>;
    expectShape(j, ['contract_version', 'id', 'status', 'file', 'old_status'], true);
    expect(j).toMatchObject({ id: '0001', status: 'accepted', file, old_status: 'Proposed' });
    const after = readFileSync(file, 'utf8');
    const d = new Date();
    expect(after).toContain(`status: Accepted\ndate: ${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}\n`);
    expect(statSync(file).mode & 0o777).toBe(0o644);
    expect((await loop(['adr', 'show', 'ADR-1'])).stdout).toBe(after);
    expectOneLineError(await loop(['adr', 'show', '9']), 1, /^error: no ADR 0009 in /);
    expect(existsSync(join(p.root, 'docs', 'adr', '0000-template.md'))).toBe(false);
  });
});
