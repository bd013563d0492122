/**
 * `engine once --dry-run` has no side effects at all (unlike the reference): the project tree and
 * the engine store are identical before and after — no ingest, no loops sync, no events, no kv, no
 * transcripts — and on a fresh project it creates nothing. Also the `once` exit codes not covered
 * elsewhere: 5 (paused) and 6 (observation failed with no previous observation).
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { makeBed, type Bed } from '../helpers/engine.js';
import { makeProject } from '../helpers/project.js';
import { runCli, assertBuilt } from '../helpers/cli.js';
import { Store } from '../../engine/store/store.js';
import { enginePaths } from '../../engine/context.js';

/** Every file under `root` (but .git and SQLite's -wal/-shm side files) → sha256 of its bytes; the DB by content. */
function snapshotTree(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const n of readdirSync(dir)) {
      const p = join(dir, n);
      if (n === '.git') continue;
      const st = statSync(p);
      if (st.isDirectory()) { out[`${relative(root, p)}/`] = 'dir'; walk(p); continue; }
      if (/engine\.db(-wal|-shm)?$/.test(n)) continue;
      out[relative(root, p)] = createHash('sha256').update(readFileSync(p)).digest('hex');
    }
  };
  walk(root);
  return out;
}

function dumpDb(file: string): string {
  const s = new Store(file, { readonly: true });
  try {
    const tables = (s.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as Array<{ name: string }>).map((t) => t.name);
    return JSON.stringify(tables.map((t) => [t, s.db.prepare(`SELECT * FROM "${t}"`).all()]));
  } finally { s.close(); }
}

describe('engine once --dry-run and exit codes', () => {
  let bed: Bed;
  beforeAll(async () => {
    assertBuilt();
    bed = await makeBed({ tasks: [{ id: 'T0001', title: 'First' }], lanes: '  web: { harness: demo }\n' });
    // Inputs a real cycle would act on: a pending message (ingest) and a task with a loop (loops sync).
    bed.project.write('.loop/messages/20260101-000000-web-to-coord.md', '---\nsubject: done T0001\n---\nfinished\n');
    const task = readdirSync(join(bed.root, 'tasks')).find((n) => n.startsWith('T0001'))!;
    const tp = join(bed.root, 'tasks', task);
    writeFileSync(tp, readFileSync(tp, 'utf8').replace(/^status:/m, 'loop: alpha\nstatus:'));
    expect((await bed.engine(['events'])).code).toBe(0); // the store exists, as after any earlier use
  });
  afterAll(async () => { await bed?.cleanup(); });

  it('changes nothing in the project or the store', async () => {
    const db = enginePaths(bed.root, bed.session).db;
    const before = snapshotTree(bed.root);
    const dbBefore = dumpDb(db);
    const r = await bed.engine(['once', '--dry-run']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/dry-run: prompt \d+ bytes \(~\d+ tokens\)/);
    expect(snapshotTree(bed.root)).toEqual(before);
    expect(dumpDb(db)).toBe(dbBefore);
    // …while a real cycle on the same inputs does change things (the inputs were live).
    const real = await bed.engine(['once']);
    expect(real.code, real.stderr).toBe(0);
    expect(snapshotTree(bed.root)).not.toEqual(before);
    // The real cycle ran in spec order (§4): loops sync before observe, ingest before the brain.
    const types = (await bed.engine(['events', '--json'])).stdout.trim().split('\n').map((l) => (JSON.parse(l) as { event: string }).event);
    const at = (t: string): number => types.indexOf(t);
    expect(at('cycle-start')).toBeGreaterThanOrEqual(0);
    for (const [a, b] of <Array<[string, string]>>[['cycle-start', 'loops-sync'], ['loops-sync', 'observe'], ['observe', 'mailbox-ingested'], ['mailbox-ingested', 'brain-call'], ['brain-call', 'decision'], ['decision', 'gate'], ['gate', 'cycle-end']]) expect(at(a), `${a} before ${b}`).toBeLessThan(at(b));
    const ledger = JSON.parse(readFileSync(join(bed.root, '.loop/orchestrator-state.json'), 'utf8')) as { loops: Record<string, { status: string }> };
    expect(ledger.loops.alpha!.status).toBe('in-progress');
  });

  it('creates nothing on a fresh project', async () => {
    const p = makeProject();
    try {
      const r = await runCli('engine', ['once', '--dry-run', '--project-root', p.root, '--session', 'nosuch'], { env: { LOOPDECK_TMUX_SOCKET: bed.tmux.name } });
      expect([0, 6]).toContain(r.code);
      expect(existsSync(join(p.root, '.loop/sessions'))).toBe(false);
    } finally { p.cleanup(); }
  });

  it('exit 6: observation fails and there is no previous observation', async () => {
    const p = makeProject();
    try {
      const r = await runCli('engine', ['once', '--project-root', p.root, '--session', 'nosuch'], { env: { LOOPDECK_TMUX_SOCKET: bed.tmux.name } });
      expect(r.code, r.stderr).toBe(6);
    } finally { p.cleanup(); }
  });

  it('exit 5: paused', async () => {
    const s = await bed.status();
    if (s.decision?.status === 'pending') expect((await bed.engine(['reject', s.decision.id])).code).toBe(0);
    expect((await bed.engine(['pause'])).code).toBe(0);
    const r = await bed.engine(['once']);
    expect(r.code).toBe(5);
    expect((await bed.engine(['resume'])).code).toBe(0);
  });
});
