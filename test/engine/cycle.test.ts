/**
 * The cycle end to end on real tmux with the builtin brain and demo agents: manual approval queues
 * a decision; approving dispatches each ready task once; reports move tasks to review (never done);
 * reject runs nothing; an unchanged world costs no brain call.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeBed, type Bed } from '../helpers/engine.js';
import { waitFor } from '../helpers/wait-for.js';
import { assertBuilt } from '../helpers/cli.js';

describe('engine cycle with the builtin brain', () => {
  let bed: Bed;
  beforeAll(async () => {
    assertBuilt();
    bed = await makeBed({ tasks: [{ id: 'T0001', title: 'First thing' }, { id: 'T0002', title: 'Second thing', depends_on: ['T0001'] }, { id: 'T0003', title: 'Third thing' }] });
  });
  afterAll(async () => { await bed?.cleanup(); });

  it('queues one pending decision in manual mode and executes nothing', async () => {
    const r = await bed.engine(['once']);
    expect(r.code, r.stderr).toBe(0);
    const s = await bed.status();
    expect(s.decision?.status).toBe('pending');
    const kinds = s.decision!.actions.map((a) => `${a.action.kind}:${a.action.lane ?? a.action.task}:${a.classification}/${a.status}`);
    expect(kinds).toEqual([
      'dispatch:web:safe/awaiting-approval', 'task_status:T0001:safe/awaiting-approval',
      'dispatch:infra:safe/awaiting-approval', 'task_status:T0003:safe/awaiting-approval',
    ]);
    expect(bed.taskStatus('T0001')).toBe('open');
    const again = await bed.engine(['once']);
    expect(again.code).toBe(3);
    expect(again.stdout).toMatch(/still pending/);
    const ev = await bed.engine(['events', '--json']);
    const types = ev.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { event: string }).event);
    expect(types.slice(0, 8)).toEqual(['cycle-start', 'observe', 'brain-call', 'decision', 'gate', 'decision-pending', 'cycle-end', 'cycle-start']);
  });

  it('approve dispatches each task once and marks it in-progress; reports move tasks to review', async () => {
    const id = (await bed.status()).decision!.id;
    const r = await bed.engine(['approve', id]);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(bed.taskStatus('T0001')).toBe('in-progress');
    expect(bed.taskStatus('T0003')).toBe('in-progress');
    const page = await waitFor(() => { try { return readFileSync(join(bed.root, 'ops-wiki/lanes/web.md'), 'utf8').includes('T0001') && readFileSync(join(bed.root, 'ops-wiki/lanes/infra.md'), 'utf8').includes('T0003'); } catch { return false; } }, { timeoutMs: 15_000, what: 'demo agents to report' });
    expect(page).toBe(true);
    await waitFor(async () => (await bed.loop(['lane-status', 'bed', 'web'])).stdout.trim() === 'idle', { timeoutMs: 10_000, what: 'web idle again' });
    const c = await bed.engine(['once']);
    expect(c.code, c.stderr).toBe(0);
    const d = (await bed.status()).decision!;
    const shape = d.actions.map((a) => `${a.action.kind}:${a.action.lane ?? a.action.task}`);
    expect(shape).toContain('task_status:T0001');
    expect(shape).toContain('dispatch:web');
    const checkpoint = readFileSync(join(bed.root, 'ops-wiki/checkpoint.md'), 'utf8');
    expect(checkpoint).toContain(`decision ${id} (approved)`);
    expect(readFileSync(join(bed.root, 'ops-wiki/log.md'), 'utf8')).toMatch(/## \[\d{4}-\d\d-\d\d\] ingest \| \d{8}-\d{6}-web-to-coord\.md/);
  });

  it('reject runs nothing and records the reason', async () => {
    const d = (await bed.status()).decision!;
    const r = await bed.engine(['reject', d.id, '--reason', 'not now']);
    expect(r.code).toBe(0);
    expect(bed.taskStatus('T0002')).toBe('open');
    expect(bed.taskStatus('T0001')).toBe('in-progress');
    const ev = await bed.engine(['events', '--json', '--type', 'decision-rejected']);
    expect(ev.stdout).toContain('not now');
    const again = await bed.engine(['reject', d.id]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already resolved/);
  });

  it('never moves a task to done', async () => {
    for (const f of ['T0001', 'T0002', 'T0003']) expect(bed.taskStatus(f)).not.toBe('done');
  });
});
