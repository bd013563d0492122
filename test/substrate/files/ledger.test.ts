import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, existsSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deriveLoops, readLedger, syncLoops, updateLedger } from '../../../substrate/files/ledger.js';
import { renderTask, type TaskSections } from '../../../substrate/files/tasks.js';
import { isLoopError } from '../../../substrate/errors.js';

let dir: string;
let ledger: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'loopdeck-'));
  ledger = join(dir, '.loop', 'orchestrator-state.json');
});
afterEach(() => { rmSync(dir, { recursive: true, force: true }); });

const sections: TaskSections = { objective: 'o', context: 'c', deliverables: 'd', acceptance: 'a', verification: 'v', outOfScope: 'n' };
function task(id: string, status: 'open' | 'in-progress' | 'review' | 'done' | 'dropped', loop: string | null, archived = false): void {
  const d = join(dir, 'tasks', ...(archived ? ['archive'] : []));
  mkdirSync(d, { recursive: true });
  writeFileSync(join(d, `${id}-t.md`), renderTask({ id, title: `task ${id}`, status, depends_on: [], loop, scope: 's', sections }));
}

describe('readLedger', () => {
  it('missing file → null state, no problem', () => {
    expect(readLedger(ledger)).toEqual({ state: null, problem: null, raw: null });
  });

  it('invalid JSON → problem with line and column', () => {
    mkdirSync(join(dir, '.loop'));
    writeFileSync(ledger, '{\n  "a": 1,\n  "b": \n}\n');
    const r = readLedger(ledger);
    expect(r.state).toBeNull();
    expect(r.raw).toBe('{\n  "a": 1,\n  "b": \n}\n');
    expect(r.problem?.file).toBe(ledger);
    expect(r.problem?.line).toBe(4);
    expect(r.problem?.message).toMatch(/^invalid JSON: .*\(column 1\)/);
  });

  it('non-object JSON → problem', () => {
    mkdirSync(join(dir, '.loop'));
    writeFileSync(ledger, '[1, 2]\n');
    expect(readLedger(ledger).problem?.message).toBe('ledger is not a JSON object (got array)');
    writeFileSync(ledger, 'null');
    expect(readLedger(ledger).problem?.message).toContain('got null');
  });
});

describe('updateLedger', () => {
  it('never overwrites a malformed ledger', () => {
    mkdirSync(join(dir, '.loop'));
    const bad = '{ "loops": { "x": 1 }, oops }';
    writeFileSync(ledger, bad);
    let err: unknown;
    try { updateLedger(ledger, (s) => { s.objective = 'new'; }); } catch (e) { err = e; }
    expect(isLoopError(err) && err.code).toBe('ledger-malformed');
    expect(readFileSync(ledger, 'utf8')).toBe(bad);
  });

  it('preserves every other key, defaults schema_version to 2, writes 2-space JSON', () => {
    mkdirSync(join(dir, '.loop'));
    writeFileSync(ledger, JSON.stringify({ session: 's', loops: { a: { branch: 'b' } }, custom: { deep: [1, { x: null }] } }));
    const r = updateLedger(ledger, (s) => { s.objective = 'ship it'; });
    expect(r.written).toBe(true);
    const text = readFileSync(ledger, 'utf8');
    expect(JSON.parse(text)).toEqual({ session: 's', loops: { a: { branch: 'b' } }, custom: { deep: [1, { x: null }] }, objective: 'ship it', schema_version: 2 });
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).toContain('\n  "session": "s"');
  });

  it('keeps an existing schema_version and skips the write when mutate returns false', () => {
    const r = updateLedger(ledger, () => false);
    expect(r.written).toBe(false);
    expect(existsSync(ledger)).toBe(false);
    updateLedger(ledger, (s) => { s.schema_version = 3; });
    expect(JSON.parse(readFileSync(ledger, 'utf8'))).toEqual({ schema_version: 3 });
  });
});

describe('loop derivation and sync (acceptance 27, 30)', () => {
  it('derives in-progress/done per loop, ignoring tasks without a loop', () => {
    const loops = deriveLoops([
      { loop: 'alpha', status: 'open' }, { loop: 'alpha', status: 'done' }, { loop: 'beta', status: 'done' },
      { loop: 'beta', status: 'dropped' }, { loop: null, status: 'open' }, { loop: 'gamma', status: 'review' },
    ], (id) => (id === 'beta' ? 'Beta loop' : null));
    expect(loops).toEqual([
      { id: 'alpha', status: 'in-progress', name: 'alpha' },
      { id: 'beta', status: 'done', name: 'Beta loop' },
      { id: 'gamma', status: 'in-progress', name: 'gamma' },
    ]);
  });

  it('30: merges non-destructively and writes only on change', () => {
    task('T0001', 'open', 'alpha');
    task('T0002', 'done', 'alpha', true);
    task('T0003', 'done', 'beta', true);
    task('T0004', 'open', null);
    mkdirSync(join(dir, 'ops-wiki', 'loops'), { recursive: true });
    writeFileSync(join(dir, 'ops-wiki', 'loops', 'beta.md'), '# loop: Beta the second\n\nbody\n');
    mkdirSync(join(dir, '.loop'));
    writeFileSync(ledger, JSON.stringify({
      schema_version: 2, objective: 'keep me',
      loops: { alpha: { name: 'Hand name', branch: 'loop/s/web', blast_radius: 'low', status: 'spec' }, other: { status: 'shipped' } },
    }, null, 2));
    const first = syncLoops(dir);
    expect(first).toEqual({ changed: true, loops: ['alpha', 'beta', 'other'], derived: ['alpha', 'beta'], problems: [] });
    const state = JSON.parse(readFileSync(ledger, 'utf8'));
    expect(state).toEqual({
      schema_version: 2, objective: 'keep me',
      loops: {
        alpha: { name: 'Hand name', branch: 'loop/s/web', blast_radius: 'low', status: 'in-progress' },
        other: { status: 'shipped' },
        beta: { name: 'Beta the second', status: 'done' },
      },
    });
    utimesSync(ledger, new Date(1_000_000_000), new Date(1_000_000_000));
    const mtime = statSync(ledger).mtimeMs;
    const text = readFileSync(ledger, 'utf8');
    const second = syncLoops(dir);
    expect(second.changed).toBe(false);
    expect(statSync(ledger).mtimeMs).toBe(mtime);
    expect(readFileSync(ledger, 'utf8')).toBe(text);
  });

  it('no derived loops → no write and no ledger created', () => {
    task('T0001', 'open', null);
    expect(syncLoops(dir)).toEqual({ changed: false, loops: [], derived: [], problems: [] });
    expect(existsSync(ledger)).toBe(false);
  });

  it('27: a malformed task is skipped and reported; the other loops still derive', () => {
    task('T0001', 'open', 'alpha');
    writeFileSync(join(dir, 'tasks', 'T0002-bad.md'), '---\nid: T0002\ntitle: a: b: c\nstatus: open\ndepends_on: []\nloop: beta\nscope: s\n---\nbody\n');
    const r = syncLoops(dir);
    expect(r.derived).toEqual(['alpha']);
    expect(r.changed).toBe(true);
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatchObject({ file: join(dir, 'tasks', 'T0002-bad.md'), line: 3 });
    expect(JSON.parse(readFileSync(ledger, 'utf8'))).toEqual({ loops: { alpha: { name: 'alpha', status: 'in-progress' } }, schema_version: 2 });
  });

  it('a malformed ledger is reported, not overwritten, and does not throw', () => {
    task('T0001', 'open', 'alpha');
    mkdirSync(join(dir, '.loop'));
    writeFileSync(ledger, '{ nope');
    const r = syncLoops(dir);
    expect(r.changed).toBe(false);
    expect(r.problems[0]?.file).toBe(ledger);
    expect(readFileSync(ledger, 'utf8')).toBe('{ nope');
  });

  it('a loops value that is not an object, or a non-object record, is left alone', () => {
    task('T0001', 'open', 'alpha');
    mkdirSync(join(dir, '.loop'));
    writeFileSync(ledger, JSON.stringify({ loops: ['x'] }));
    const r = syncLoops(dir);
    expect(r.changed).toBe(false);
    expect(r.problems[0]?.key).toBe('loops');
    expect(JSON.parse(readFileSync(ledger, 'utf8'))).toEqual({ loops: ['x'] });
    writeFileSync(ledger, JSON.stringify({ loops: { alpha: 'a string' } }));
    const r2 = syncLoops(dir);
    expect(r2.changed).toBe(false);
    expect(r2.problems[0]?.key).toBe('loops.alpha');
  });
});
