import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  COORD_MARKER, appendLanePage, appendLog, checkMarker, fileBelowMarker, renderDecisionEntry, rewriteAboveMarker, splitAtMarker,
} from '../../../substrate/files/wiki.js';
import { isLoopError } from '../../../substrate/errors.js';

let dir: string;
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'loopdeck-')); });
afterEach(() => { rmSync(dir, { recursive: true, force: true }); });

const read = (p: string): string => readFileSync(p, 'utf8');
const entry = (n: number): string => `### [2026-01-0${n}T00:00:00Z] decision d-${n} (approved)\n\n1. stop - [safe/executed]: n${n}\n`;

describe('marker rule (acceptance 1-4)', () => {
  it('1: existing content is an exact byte prefix and the entry follows it', () => {
    const page = join(dir, 'checkpoint.md');
    const before = `# checkpoint\n\nabove ✓ text\n\n${COORD_MARKER}\n## Decision needed\n\n(none)\n`;
    writeFileSync(page, before);
    fileBelowMarker(page, entry(1), { keep: 10, archivePath: join(dir, 'decisions-archive.md') });
    const after = read(page);
    expect(after.startsWith(before)).toBe(true);
    expect(after.slice(before.length)).toBe(entry(1));
    expect(existsSync(join(dir, 'decisions-archive.md'))).toBe(false);
  });

  it('2: no marker → marker appended first; no page → marker + entry', () => {
    const page = join(dir, 'checkpoint.md');
    writeFileSync(page, '# checkpoint\nno newline at end');
    fileBelowMarker(page, entry(1), { keep: 10, archivePath: join(dir, 'a.md') });
    expect(read(page)).toBe(`# checkpoint\nno newline at end\n${COORD_MARKER}\n${entry(1)}`);
    const fresh = join(dir, 'sub', 'fresh.md');
    fileBelowMarker(fresh, 'entry without newline', { keep: 10, archivePath: join(dir, 'a.md') });
    expect(read(fresh)).toBe(`${COORD_MARKER}\nentry without newline\n`);
  });

  it('3: keep=3 and five entries → last three on the page, first two archived, preamble kept', () => {
    const page = join(dir, 'checkpoint.md');
    const archive = join(dir, 'decisions-archive.md');
    const top = `# checkpoint\n\nabove\n\n${COORD_MARKER}\n## Decision needed\n\n(none)\n\n`;
    writeFileSync(page, top);
    const rotated: number[] = [];
    for (let i = 1; i <= 5; i++) rotated.push(fileBelowMarker(page, entry(i), { keep: 3, archivePath: archive }).rotated);
    expect(rotated).toEqual([0, 0, 0, 1, 1]);
    expect(read(page)).toBe(top + entry(3) + entry(4) + entry(5));
    const arch = read(archive);
    expect(arch.indexOf(entry(1))).toBeGreaterThan(-1);
    expect(arch.indexOf(entry(2))).toBeGreaterThan(arch.indexOf(entry(1)));
    expect(arch).not.toContain('d-3');
  });

  it('3b: exactly keep entries → nothing archived, no archive file; keep < 1 disables rotation', () => {
    const page = join(dir, 'checkpoint.md');
    const archive = join(dir, 'decisions-archive.md');
    for (let i = 1; i <= 3; i++) fileBelowMarker(page, entry(i), { keep: 3, archivePath: archive });
    expect(existsSync(archive)).toBe(false);
    for (let i = 4; i <= 6; i++) fileBelowMarker(page, entry(i), { keep: 0, archivePath: archive });
    expect(existsSync(archive)).toBe(false);
    expect(read(page).match(/^### /gm)).toHaveLength(6);
  });

  it('4: page changes between read and write on every attempt → fails after 3, page unchanged', () => {
    const page = join(dir, 'checkpoint.md');
    const original = `# c\n${COORD_MARKER}\n`;
    writeFileSync(page, original);
    let calls = 0;
    let err: unknown;
    try {
      fileBelowMarker(page, entry(1), {
        keep: 10, archivePath: join(dir, 'a.md'),
        beforeWrite: () => { calls++; utimesSync(page, new Date(1_000_000 + calls * 1000), new Date(1_000_000 + calls * 1000)); },
      });
    } catch (e) { err = e; }
    expect(isLoopError(err) && err.code).toBe('page-changed');
    expect((err as Error).message).toContain('3 write attempts');
    expect(calls).toBe(3);
    expect(read(page)).toBe(original);
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses an entry that contains the marker line', () => {
    const page = join(dir, 'checkpoint.md');
    expect(() => fileBelowMarker(page, `x\n${COORD_MARKER}\n`, { keep: 3, archivePath: join(dir, 'a.md') })).toThrow(/must not contain/);
    expect(existsSync(page)).toBe(false);
  });
});

describe('marker helpers', () => {
  it('splitAtMarker keeps above + below === text', () => {
    const text = `a\n${COORD_MARKER}\nb\n${COORD_MARKER}\n`;
    const s = splitAtMarker(text);
    expect(s.above + s.below).toBe(text);
    expect(s.above).toBe('a\n');
    expect(s.markerCount).toBe(2);
    expect(splitAtMarker('plain')).toEqual({ above: 'plain', below: '', markerCount: 0 });
    expect(splitAtMarker(`x <!-- coord-decisions --> y\n`).markerCount).toBe(0);
  });

  it('checkMarker reports none and duplicates with line numbers', () => {
    const p = join(dir, 'c.md');
    expect(checkMarker(p)).toBeNull();
    writeFileSync(p, 'no marker\n');
    expect(checkMarker(p)?.message).toMatch(/no <!-- coord-decisions --> marker/);
    writeFileSync(p, `a\n${COORD_MARKER}\nb\n${COORD_MARKER}\n`);
    const prob = checkMarker(p);
    expect(prob?.line).toBe(4);
    expect(prob?.message).toContain('lines 2, 4');
    writeFileSync(p, `a\n${COORD_MARKER}\n`);
    expect(checkMarker(p)).toBeNull();
  });
});

describe('log.md (acceptance 5)', () => {
  it('5: a torn last line gets a newline first; nothing else changes', () => {
    const log = join(dir, 'log.md');
    const before = '# log\n\n## [2026-01-01] init | start\ntorn line';
    writeFileSync(log, before);
    appendLog(log, 'task', 'T0001 done', new Date('2026-03-04T23:59:59Z'));
    const after = read(log);
    expect(after.startsWith(`${before}\n`)).toBe(true);
    expect(after).toBe(`${before}\n\n## [2026-03-04] task | T0001 done\n`);
  });

  it('separates entries by exactly one blank line, collapses title newlines, creates the file', () => {
    const log = join(dir, 'wiki', 'log.md');
    appendLog(log, 'init', 'first', new Date('2026-01-01T00:00:00Z'));
    appendLog(log, 'ingest', 'multi\nline\r\ntitle', new Date('2026-01-02T00:00:00Z'), 'body line');
    appendLog(log, 'sync', 'x', new Date('2026-01-03T10:00:00Z'));
    expect(read(log)).toBe('## [2026-01-01] init | first\n\n## [2026-01-02] ingest | multi line title\nbody line\n\n## [2026-01-03] sync | x\n');
    expect(() => appendLog(log, 'Bad', 't', new Date())).toThrow(/lowercase/);
    expect(() => appendLog(log, 'two words', 't', new Date())).toThrow();
  });

  it('uses the UTC date', () => {
    const log = join(dir, 'log.md');
    appendLog(log, 'checkpoint', 'late', new Date('2026-05-31T23:30:00-05:00'));
    expect(read(log)).toBe('## [2026-06-01] checkpoint | late\n');
  });
});

describe('decision entry (acceptance 6)', () => {
  it('6: renders heading, critique and one line per action', () => {
    const text = renderDecisionEntry({
      id: 'd-20260101-000000-1', status: 'approved', created_at: '2026-01-01T00:00:00Z', decided_at: '2026-01-01T00:05:00Z',
      critique: '  lanes idle; routing T0002  \n',
      actions: [
        { idx: 1, classification: 'safe', status: 'executed', action: { kind: 'dispatch', lane: 'web', rationale: 'ready task' } },
        { idx: 2, classification: 'destructive', status: 'approved', action: { kind: 'drop_lane', window: 'w2', rationale: 'done' } },
        { idx: 3, classification: 'safe', status: 'awaiting-approval', action: { kind: 'escalate', rationale: 'needs\na human' } },
      ],
    });
    expect(text).toBe('### [2026-01-01T00:05:00Z] decision d-20260101-000000-1 (approved)\n\n> lanes idle; routing T0002\n\n'
      + '1. dispatch web [safe/executed]: ready task\n2. drop_lane w2 [destructive/approved]: done\n3. escalate - [safe/awaiting-approval]: needs a human\n');
    const noCritique = renderDecisionEntry({ id: 'd', status: 'pending', created_at: 'T0', decided_at: null, critique: '', actions: [] });
    expect(noCritique).toBe('### [T0] decision d (pending)\n\n');
  });
});

describe('lane pages', () => {
  it('creates the page from the skeleton, then appends sections without touching earlier bytes', () => {
    const wiki = join(dir, 'ops-wiki');
    const p = appendLanePage(wiki, 'web', 'handoff', ['- as-of: now', '    tail'], new Date('2026-02-03T04:05:06.789Z'));
    const first = read(p);
    expect(first.startsWith('# lane: web\n\n## Role\n\n(none)\n')).toBe(true);
    expect(first.endsWith('\n\n### [2026-02-03T04:05:06Z] handoff\n\n- as-of: now\n    tail\n')).toBe(true);
    appendLanePage(wiki, 'web', 'second', [], new Date('2026-02-04T00:00:00Z'));
    expect(read(p)).toBe(`${first}\n### [2026-02-04T00:00:00Z] second\n`);
    expect(() => appendLanePage(wiki, '../x', 'h', [], new Date())).toThrow(/lane name/);
    expect(() => appendLanePage(wiki, '1lane', 'h', [], new Date())).toThrow(/lane name/);
  });
});

describe('concurrency: the marker rule commutes', () => {
  const top = `# checkpoint\n\nold objective\n\n${COORD_MARKER}\n## Decision needed\n\n(none)\n`;

  it('a docs recompile landing during a filing → the filing retries and both changes survive', () => {
    const page = join(dir, 'checkpoint.md');
    writeFileSync(page, top);
    let recompiled = false;
    const res = fileBelowMarker(page, entry(1), {
      keep: 10, archivePath: join(dir, 'a.md'),
      beforeWrite: () => { if (!recompiled) { recompiled = true; rewriteAboveMarker(page, '# checkpoint\n\nNEW objective\n\n'); } },
    });
    expect(res.attempts).toBe(2);
    expect(read(page)).toBe(`# checkpoint\n\nNEW objective\n\n${COORD_MARKER}\n## Decision needed\n\n(none)\n${entry(1)}`);
  });

  it('a filing landing during a docs recompile → the recompile retries and both changes survive', () => {
    const page = join(dir, 'checkpoint.md');
    writeFileSync(page, top);
    let filed = false;
    const attempts = rewriteAboveMarker(page, '# checkpoint\n\nNEW objective\n', {
      beforeWrite: () => { if (!filed) { filed = true; fileBelowMarker(page, entry(2), { keep: 10, archivePath: join(dir, 'a.md') }); } },
    });
    expect(attempts).toBe(2);
    expect(read(page)).toBe(`# checkpoint\n\nNEW objective\n${COORD_MARKER}\n## Decision needed\n\n(none)\n${entry(2)}`);
  });

  it('either order gives the same page', () => {
    const a = join(dir, 'a.md');
    const b = join(dir, 'b.md');
    writeFileSync(a, top);
    writeFileSync(b, top);
    fileBelowMarker(a, entry(1), { keep: 10, archivePath: join(dir, 'x.md') });
    rewriteAboveMarker(a, 'recompiled\n');
    rewriteAboveMarker(b, 'recompiled\n');
    fileBelowMarker(b, entry(1), { keep: 10, archivePath: join(dir, 'x.md') });
    expect(read(a)).toBe(read(b));
  });

  it('two processes racing appends to log.md lose no entry and tear no line', async () => {
    const log = join(dir, 'ops-wiki', 'log.md');
    const mod = new URL('../../../substrate/files/wiki.ts', import.meta.url).href;
    const gate = new Int32Array(new SharedArrayBuffer(4));
    const code = `
      const { workerData, parentPort } = require('node:worker_threads');
      import('tsx/esm/api').then((api) => { api.register(); return import(workerData.mod); }).then((m) => {
        parentPort.postMessage('ready');
        Atomics.wait(workerData.gate, 0, 0);
        for (let i = 0; i < 150; i++) m.appendLog(workerData.log, 'sync', workerData.who + '-' + i + ' ' + 'x'.repeat(200), new Date(0), 'body of ' + workerData.who + '-' + i);
        parentPort.postMessage('done');
      }).catch((e) => parentPort.postMessage(String(e)));`;
    const workers = ['a', 'b'].map((who) => new Worker(code, { eval: true, workerData: { mod, log, who, gate } }));
    const next = (w: Worker): Promise<unknown> => new Promise((res) => w.once('message', res));
    expect(await Promise.all(workers.map(next))).toEqual(['ready', 'ready']);
    const finished = workers.map(next);
    Atomics.store(gate, 0, 1);
    Atomics.notify(gate, 0);
    const results = await Promise.all(finished);
    await Promise.all(workers.map((w) => w.terminate()));
    expect(results).toEqual(['done', 'done']);
    const text = read(log);
    for (const who of ['a', 'b']) {
      for (let i = 0; i < 150; i++) expect(text).toContain(`## [1970-01-01] sync | ${who}-${i} ${'x'.repeat(200)}\nbody of ${who}-${i}\n`);
    }
    expect(text.match(/^## \[/gm)).toHaveLength(300);
    expect(text.split('\n').every((l) => l === '' || l.startsWith('## [1970-01-01] sync | ') || l.startsWith('body of '))).toBe(true);
  });
});
