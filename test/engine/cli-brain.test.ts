/**
 * The `cli` brain through LOOP_ENGINE_BRAIN_CMD with a fake brain executable (Node, on PATH):
 * the prompt is exactly one argv element; a malformed reply gets one corrective re-prompt, then
 * a needs-human decision (exit 4); a failing brain exits 1 with its failure recorded; transcripts
 * are files.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { makeBed, FIXTURE_BIN, type Bed } from '../helpers/engine.js';
import { assertBuilt } from '../helpers/cli.js';

describe('cli brain', () => {
  let bed: Bed;
  const brain = (mode: string, extra: Record<string, string> = {}) => ({ LOOP_ENGINE_BRAIN_CMD: `${join(FIXTURE_BIN, 'fake-brain')} --flag 'two words'`, FAKE_BRAIN_MODE: mode, FAKE_BRAIN_LOG: join(bed.scratch, 'calls.jsonl'), FAKE_BRAIN_STATE: join(bed.scratch, `state-${mode}`), ...extra });
  const calls = () => (existsSync(join(bed.scratch, 'calls.jsonl')) ? readFileSync(join(bed.scratch, 'calls.jsonl'), 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as { argc: number; argv0: string[]; has_header: boolean; corrective: boolean }) : []);
  const reset = async () => { const d = (await bed.status()).decision; if (d && (d.status === 'pending' || d.status === 'needs-human')) await bed.engine(['reject', d.id]); };

  beforeAll(async () => {
    assertBuilt();
    bed = await makeBed({ engine: '  brain:\n    kind: cli\n    max_retries: 0\n    timeout_s: 5\n', lanes: '  web: { harness: demo }\n' });
  });
  afterAll(async () => { await bed?.cleanup(); });

  it('passes the whole prompt as one argv element and queues the parsed decision', async () => {
    const r = await bed.engine(['once'], brain('valid'));
    expect(r.code, r.stderr + r.stdout).toBe(0);
    const c = calls();
    expect(c).toHaveLength(1);
    expect(c[0]!.argc).toBe(3);
    expect(c[0]!.argv0).toEqual(['--flag', 'two words']);
    expect(c[0]!.has_header).toBe(true);
    const d = (await bed.status()).decision!;
    expect(d.status).toBe('pending');
    expect(d.actions.map((a) => `${a.action.kind}:${a.action.lane}:${a.classification}`)).toEqual(['dispatch:web:safe']);
    const transcripts = readdirSync(join(bed.root, '.loop/sessions/bed/engine/brain'));
    expect(transcripts.some((f) => f.endsWith('.prompt.md'))).toBe(true);
    expect(transcripts.some((f) => f.endsWith('.response.md'))).toBe(true);
    await reset();
  });

  it('re-prompts once after a malformed reply and uses the corrected decision', async () => {
    const before = calls().length;
    const r = await bed.engine(['once'], brain('garbage-then-valid'));
    expect(r.code, r.stderr + r.stdout).toBe(0);
    const c = calls().slice(before);
    expect(c.map((x) => x.corrective)).toEqual([false, true]);
    expect((await bed.status()).decision!.status).toBe('pending');
    await reset();
  });

  it('makes a needs-human decision after two unusable replies (exit 4) and keeps running', async () => {
    const r = await bed.engine(['once'], brain('garbage'));
    expect(r.code).toBe(4);
    const d = (await bed.status()).decision!;
    expect(d.status).toBe('needs-human');
    expect(d.actions).toHaveLength(0);
    const ev = await bed.engine(['events', '--json', '--type', 'decision-parse-error']);
    expect(ev.stdout).toMatch(/decision/);
    expect(readFileSync(join(bed.root, 'ops-wiki/checkpoint.md'), 'utf8')).toContain('(needs-human)');
    const a = await bed.engine(['approve', d.id]);
    expect(a.code).toBe(0);
  });

  it('exits 1 when the brain fails, records the failure kind, and drops the response transcript', async () => {
    const r = await bed.engine(['once'], brain('quota'));
    expect(r.code).toBe(1);
    const ev = await bed.engine(['events', '--json', '--type', 'brain-failed']);
    const last = JSON.parse(ev.stdout.trim().split('\n').pop()!) as { failure_kind: string; stderr_excerpt: string };
    expect(last.failure_kind).toBe('quota');
    expect(last.stderr_excerpt).toContain('resets 9:30pm');
    expect((await bed.status()).decision?.status).not.toBe('pending');
  });

  it('kills a brain that exceeds its timeout', async () => {
    const t0 = Date.now();
    const r = await bed.engine(['once'], brain('sleep'));
    expect(r.code).toBe(1);
    expect(Date.now() - t0).toBeLessThan(20_000);
    const ev = await bed.engine(['events', '--json', '--type', 'brain-failed']);
    expect(JSON.parse(ev.stdout.trim().split('\n').pop()!).failure_kind).toBe('timeout');
  });
});
