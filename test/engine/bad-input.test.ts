/**
 * Bad input (issue 2 §7): a malformed lane-config, ledger, mailbox message or task file is reported
 * with the file and what is wrong, skipped, and left byte-for-byte as it was; the daemon keeps
 * running; nothing is deleted.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { existsSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { makeBed, type Bed } from '../helpers/engine.js';
import { waitFor } from '../helpers/wait-for.js';
import { assertBuilt } from '../helpers/cli.js';

describe('bad input', () => {
  let bed: Bed;
  const ledger = '{ "schema_version": 2, "loops": { "a": ';
  const badTask = '---\nid: T0009\ntitle: a: b: c\nstatus: open\ndepends_on: []\nscope: x\n---\n\n## Objective\n';
  beforeAll(async () => {
    assertBuilt();
    bed = await makeBed({ tasks: [{ id: 'T0001', title: 'Good task' }], lanes: '  web: { harness: demo }\n', engine: '  checkpoint_interval_s: "fast"\n  bogus_key: 1\n' });
    writeFileSync(join(bed.root, '.loop/orchestrator-state.json'), ledger);
    writeFileSync(join(bed.root, 'tasks/T0009-broken.md'), badTask);
    writeFileSync(join(bed.root, '.loop/messages/20260101-000001-web-to-coord.md'), 'no frontmatter, no subject at all\n');
    writeFileSync(join(bed.root, '.loop/messages/20260101-000002-web-to-coord.md'), Buffer.from([0x00, 0x01, 0xff, 0x10, 0x00]));
  });
  afterAll(async () => { await bed?.cleanup(); });

  it('a cycle reports every problem with its file, skips it, and still decides on the rest', async () => {
    const r = await bed.engine(['once']);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(r.stderr).toMatch(/lane-config\.yaml:\d+: engine\.checkpoint_interval_s: .*using the default/);
    expect(r.stderr).toMatch(/lane-config\.yaml:\d+: engine\.bogus_key: unknown key/);
    const s = await bed.status() as unknown as { problems: string[]; decision: { actions: Array<{ action: { kind: string; task?: string } }> } };
    const problems = s.problems.join('\n');
    expect(problems).toMatch(/orchestrator-state\.json/);
    expect(problems).toMatch(/T0009-broken\.md:\d+/);
    expect(s.decision.actions.filter((a) => a.action.kind === 'dispatch').map((a) => a.action.task)).toEqual(['T0001']);
  });

  it('leaves the malformed ledger and task file byte-for-byte untouched', () => {
    expect(readFileSync(join(bed.root, '.loop/orchestrator-state.json'), 'utf8')).toBe(ledger);
    expect(readFileSync(join(bed.root, 'tasks/T0009-broken.md'), 'utf8')).toBe(badTask);
  });

  it('ingests a subject-less message and quarantines a binary one (nothing deleted)', () => {
    expect(existsSync(join(bed.root, '.loop/messages/processed/20260101-000001-web-to-coord.md'))).toBe(true);
    expect(existsSync(join(bed.root, '.loop/messages/failed/20260101-000002-web-to-coord.md'))).toBe(true);
    expect(readFileSync(join(bed.root, '.loop/messages/failed/20260101-000002-web-to-coord.md.ingest-failed.txt'), 'utf8')).toMatch(/ingest quarantined: binary/);
  });

  it('the daemon keeps running through bad input arriving while it runs', async () => {
    const d = (await bed.status()).decision!;
    await bed.engine(['reject', d.id]);
    // Nothing left to dispatch, so no decision stays pending (a pending decision rightly holds
    // every cycle, ingest included, until a person answers it).
    rmSync(join(bed.root, 'tasks/T0001-good-task.md'));
    expect((await bed.engine(['start'])).code).toBe(0);
    writeFileSync(join(bed.root, '.loop/messages/20260101-000003-web-to-coord.md'), Buffer.from([0, 0, 0, 0]));
    writeFileSync(join(bed.root, 'tasks/T0010-also-broken.md'), '---\nid: [\n---\n');
    await waitFor(() => existsSync(join(bed.root, '.loop/messages/failed/20260101-000003-web-to-coord.md')), { timeoutMs: 15_000, what: 'quarantine by the daemon' });
    const s = await bed.status();
    expect(s.engine.state).toBe('running');
    expect(readFileSync(join(bed.root, 'tasks/T0010-also-broken.md'), 'utf8')).toBe('---\nid: [\n---\n');
  });
});
