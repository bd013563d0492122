import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RACY_MS } from './digest-cache.js';
import { listPending } from './digest-read.js';

let root: string;
let mb: string;
let cache: string;
let env: NodeJS.ProcessEnv;
/** A clock far enough ahead that every stamp counts as old (the racy rule is then always satisfied). */
const later = (): number => Date.now() + 10 * RACY_MS;
/** No usable cache dir: every head is read from the file. */
const uncached = (): ReturnType<typeof listPending> => listPending(mb, { env: { LOOPDECK_CACHE_DIR: join(root, 'plain-file', 'x') } });
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'loopdeck-hcache-'));
  mb = join(root, 'messages');
  mkdirSync(mb);
  writeFileSync(join(root, 'plain-file'), 'x');
  cache = join(root, 'cache');
  env = { LOOPDECK_CACHE_DIR: cache };
});
afterEach(() => { rmSync(root, { recursive: true, force: true }); });

const msg = (name: string, subject: string): string => { const p = join(mb, name); writeFileSync(p, `---\nfrom: a\nsubject: ${subject}\n---\nbody\n`); return p; };
const cacheFile = (): string | undefined => (existsSync(cache) ? readdirSync(cache).filter((n) => n.startsWith('pending-')).map((n) => join(cache, n))[0] : undefined);

describe('pending head cache', () => {
  it('a cached listing equals an uncached one, and fresh files are never recorded', () => {
    msg('20260101-000000-a-to-b.md', 'one');
    writeFileSync(join(mb, 'bin.md'), Buffer.from([0x73, 0, 1]));
    writeFileSync(join(mb, 'none.md'), 'no subject\n');
    writeFileSync(join(root, 'target'), 'subject: via link\n');
    symlinkSync(join(root, 'target'), join(mb, 'link.md'));
    const truth = uncached();
    expect(listPending(mb, { env })).toEqual(truth);
    expect(cacheFile()).toBeUndefined(); // everything is younger than the racy window
    expect(listPending(mb, { env, now: later })).toEqual(truth);
    const rows = (JSON.parse(readFileSync(cacheFile()!, 'utf8')) as { files: Record<string, unknown> }).files;
    expect(Object.keys(rows).sort()).toEqual(['20260101-000000-a-to-b.md', 'bin.md', 'none.md']); // never the symlink
    expect(listPending(mb, { env })).toEqual(truth);
    writeFileSync(join(root, 'target'), 'subject: retargeted\n');
    expect(listPending(mb, { env }).find((m) => m.file === 'link.md')!.subject).toBe('retargeted');
  });

  it('the hit path is real, and an entry of the wrong shape or stamps is a miss', () => {
    msg('m.md', 'real');
    listPending(mb, { env, now: later });
    const file = cacheFile()!;
    const doc = JSON.parse(readFileSync(file, 'utf8')) as { files: Record<string, unknown[]> };
    const row = doc.files['m.md']!;
    writeFileSync(file, JSON.stringify({ ...doc, files: { 'm.md': [...row.slice(0, 4), 'from the cache', null] } }));
    expect(listPending(mb, { env })[0]!.subject).toBe('from the cache');
    const bad: unknown[] = [[...row.slice(0, 4), 5, null], [...row.slice(0, 4), 'x', 3], [row[0], Number(row[1]) + 1, row[2], row[3], 'x', null],
      [row[0], row[1], row[2], Number(row[3]) + 1, 'x', null], [...row.slice(0, 4), 'x'], 'x', null, { 0: row[0] }];
    for (const r of bad) {
      writeFileSync(file, JSON.stringify({ ...doc, files: { 'm.md': r } }));
      expect(listPending(mb, { env })[0]!.subject, JSON.stringify(r)).toBe('real');
    }
    for (const text of ['', '{', '[]', JSON.stringify({ ...doc, dir: '/elsewhere', files: { 'm.md': [...row.slice(0, 4), 'x', null] } }), JSON.stringify({ ...doc, files: [] })]) {
      writeFileSync(file, text);
      expect(listPending(mb, { env })[0]!.subject, text).toBe('real');
    }
  });

  it('real clock: an in-place edit right after a recorded run shows the new subject and mtime, even with size and mtime restored', async () => {
    const p = msg('20260101-000000-a-to-b.md', 'first');
    msg('20260101-000001-b-to-a.md', 'other');
    const T = 1_780_000_000; // whole seconds, so that utimes can restore the mtime exactly
    utimesSync(p, T, T);
    await new Promise((r) => setTimeout(r, RACY_MS + 200));
    expect(listPending(mb, { env }).map((m) => m.subject)).toEqual(['first', 'other']);
    expect(cacheFile()).toBeDefined();
    const size = statSync(p).size;
    writeFileSync(p, `---\nfrom: a\nsubject: secnd\n---\nbody\n`); // same size, and the same mtime: only the ctime tells
    utimesSync(p, T, T);
    expect([statSync(p).mtimeMs, statSync(p).size]).toEqual([T * 1000, size]);
    expect(listPending(mb, { env })[0]).toMatchObject({ subject: 'secnd', mtime: T });
    writeFileSync(p, `---\nfrom: a\nsubject: third\n---\nbody\n`);
    expect(listPending(mb, { env })[0]).toMatchObject({ subject: 'third', mtime: Math.floor(statSync(p).mtimeMs / 1000) });
    utimesSync(p, 1_700_000_000, 1_700_000_000);
    expect(listPending(mb, { env })[0]!.mtime).toBe(1_700_000_000);
    renameSync(p, join(mb, 'processed-elsewhere.txt'));
    msg('20260101-000000-a-to-b.md', 'replaced');
    expect(listPending(mb, { env }).map((m) => m.subject)).toEqual(['replaced', 'other']);
  });

  it('entries of acked messages are dropped; an unwritable cache dir changes nothing', () => {
    msg('a.md', 'a');
    msg('b.md', 'b');
    listPending(mb, { env, now: later });
    rmSync(join(mb, 'a.md'));
    expect(listPending(mb, { env, now: later }).map((m) => m.file)).toEqual(['b.md']);
    expect(Object.keys((JSON.parse(readFileSync(cacheFile()!, 'utf8')) as { files: object }).files)).toEqual(['b.md']);
    expect(listPending(mb, { env: { LOOPDECK_CACHE_DIR: join(root, 'plain-file') }, now: later }).map((m) => m.subject)).toEqual(['b']);
  });
});
