/**
 * Ingest modes through `engine once` on real tmux (spec/engine.md §4.5; acceptance 35–37): headless
 * success (ingest-done, the prompt carries only the `### Ingest protocol` section and the pending
 * names), headless timeout and failure (one message quarantined per failure into failed/ with a
 * note; the brain still runs), and lane mode (one nudge per new batch, only into an idle lane).
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeBed, FIXTURE_BIN, type Bed } from '../helpers/engine.js';
import { assertBuilt } from '../helpers/cli.js';
import { DEFAULT_INGEST_PROTOCOL, ingestSection } from '../../engine/cycle/ingest-modes.js';

let bed: Bed | null = null;
beforeAll(() => assertBuilt());
afterEach(async () => { await bed?.cleanup(); bed = null; });

const mail = (b: Bed, name: string) => b.project.write(`.loop/messages/${name}`, `---\nsubject: ${name}\n---\nreport\n`);
const events = async (b: Bed): Promise<Array<{ event: string } & Record<string, unknown>>> => (await b.engine(['events', '--json'])).stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as { event: string });
const ls = (b: Bed, rel: string): string[] => { try { return readdirSync(join(b.root, rel)).sort(); } catch { return []; } };

describe('headless ingest', () => {
  it('success: ingest-done; the prompt has the AGENTS.md Ingest protocol section and the pending names; no nudge', async () => {
    bed = await makeBed({ engine: '  ingest: { mode: headless, timeout_s: 20 }\n' });
    writeFileSync(join(bed.root, 'AGENTS.md'), '# Agents\n\n### Ingest protocol\nSTEP-ONE do it\n\n### Other\nNOT-THIS\n');
    mail(bed, '20260101-000001-web-to-coord.md');
    mail(bed, '20260101-000002-infra-to-coord.md');
    const log = join(bed.scratch, 'ingest.jsonl');
    const r = await bed.engine(['once', '--approval', 'auto'], { LOOP_ENGINE_INGEST_CMD: join(FIXTURE_BIN, 'fake-ingest'), FAKE_INGEST_LOG: log });
    expect(r.code, r.stderr).toBe(0);
    const ev = await events(bed);
    expect(ev.find((e) => e.event === 'ingest-done')).toMatchObject({ pending: 0 });
    expect(ev.some((e) => e.event === 'ingest-nudge')).toBe(false);
    expect(ev.some((e) => e.event === 'brain-call')).toBe(true);
    const call = JSON.parse(readFileSync(log, 'utf8').trim()) as { prompt: string };
    expect(call.prompt).toContain('### Ingest protocol\nSTEP-ONE do it');
    expect(call.prompt).not.toContain('NOT-THIS');
    expect(call.prompt).toContain('--- pending messages (oldest first) ---\n20260101-000001-web-to-coord.md\n20260101-000002-infra-to-coord.md');
    expect(ls(bed, '.loop/messages/processed')).toHaveLength(2);
  });

  it('a freshly `loop init`-ed project: the prompt carries the installed AGENTS.md Ingest protocol section, not the fallback', async () => {
    bed = await makeBed({ engine: '  ingest: { mode: headless, timeout_s: 20 }\n' });
    const section = ingestSection(readFileSync(join(bed.root, 'AGENTS.md'), 'utf8'));
    expect(section).toMatch(/^### Ingest protocol\n/);
    expect(section).toContain('<!-- coord-decisions -->');
    mail(bed, '20260101-000001-web-to-coord.md');
    const log = join(bed.scratch, 'ingest.jsonl');
    const r = await bed.engine(['once', '--approval', 'auto'], { LOOP_ENGINE_INGEST_CMD: join(FIXTURE_BIN, 'fake-ingest'), FAKE_INGEST_LOG: log });
    expect(r.code, r.stderr).toBe(0);
    expect((await events(bed)).find((e) => e.event === 'ingest-done')).toMatchObject({ pending: 0 });
    const call = JSON.parse(readFileSync(log, 'utf8').trim()) as { prompt: string };
    expect(call.prompt).toContain(section);
    expect(call.prompt).not.toContain(DEFAULT_INGEST_PROTOCOL.split('\n')[1]!);
  });

  it('timeout: the oldest message is quarantined with a note, the brain still runs; a second failure quarantines the next one only', async () => {
    bed = await makeBed({ engine: '  ingest: { mode: headless, timeout_s: 1 }\n' });
    mail(bed, '20260101-000001-web-to-coord.md');
    mail(bed, '20260101-000002-infra-to-coord.md');
    const env = { LOOP_ENGINE_INGEST_CMD: join(FIXTURE_BIN, 'fake-ingest'), FAKE_INGEST_MODE: 'sleep' };
    const t0 = Date.now();
    const r = await bed.engine(['once', '--approval', 'auto'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(Date.now() - t0).toBeLessThan(20_000);
    let ev = await events(bed);
    expect(ev.some((e) => e.event === 'ingest-timeout')).toBe(true);
    expect(ev.filter((e) => e.event === 'ingest-quarantined')).toEqual([expect.objectContaining({ file: '20260101-000001-web-to-coord.md' })]);
    expect(ev.some((e) => e.event === 'brain-call')).toBe(true);
    expect(ls(bed, '.loop/messages/failed')).toEqual(['20260101-000001-web-to-coord.md', '20260101-000001-web-to-coord.md.ingest-failed.txt']);
    expect(readFileSync(join(bed.root, '.loop/messages/failed/20260101-000001-web-to-coord.md.ingest-failed.txt'), 'utf8')).toMatch(/^\d{8}T\d{6}Z ingest quarantined: timed out after 1 s\n$/);
    const r2 = await bed.engine(['once', '--approval', 'auto'], { ...env, FAKE_INGEST_MODE: 'fail' });
    expect(r2.code, r2.stderr).toBe(0);
    ev = await events(bed);
    expect(ev.filter((e) => e.event === 'ingest-quarantined').map((e) => e.file)).toEqual(['20260101-000001-web-to-coord.md', '20260101-000002-infra-to-coord.md']);
    expect(ev.some((e) => e.event === 'ingest-failed')).toBe(true);
  });
});

describe('lane ingest', () => {
  it('nudges the idle docs lane once per new batch', async () => {
    bed = await makeBed({ lanes: '  web: { harness: demo, role: web }\n  docs: { harness: demo, role: docs }\n', engine: '  ingest: { mode: lane, lane: docs }\n' });
    mail(bed, '20260101-000001-web-to-coord.md');
    expect((await bed.engine(['once', '--approval', 'auto'])).code).toBe(0);
    let nudges = (await events(bed)).filter((e) => e.event === 'ingest-nudge');
    expect(nudges).toEqual([expect.objectContaining({ lane: 'docs', pending: 1 })]);
    expect(existsSync(join(bed.root, '.loop/messages/20260101-000001-web-to-coord.md'))).toBe(true);
    expect((await bed.engine(['once', '--approval', 'auto'])).code).toBe(0);
    nudges = (await events(bed)).filter((e) => e.event === 'ingest-nudge');
    expect(nudges).toHaveLength(1);
    mail(bed, '20260101-000003-web-to-coord.md');
    const r = await bed.engine(['once', '--approval', 'auto']);
    expect(r.code, r.stderr).toBe(0);
    const ev = await events(bed);
    const n = ev.filter((e) => e.event === 'ingest-nudge' || e.event === 'ingest-nudge-deferred');
    expect(n.length).toBe(2);
    expect(n[1]).toMatchObject({ lane: 'docs', pending: 2 });
  });
});
