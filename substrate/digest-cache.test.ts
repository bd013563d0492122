import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cacheDir, cachedCount, RACY_MS, type Counter } from './digest-cache.js';
import { countProcessed, listPending } from './digest-read.js';

let root: string;
let cache: string;
let env: NodeJS.ProcessEnv;
/** A clock far enough ahead that every stamp counts as old (the racy rule is then always satisfied). */
const later = (): number => Date.now() + 10 * RACY_MS;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'loopdeck-dcache-'));
  cache = join(root, 'cache');
  env = { LOOPDECK_CACHE_DIR: cache };
});
afterEach(() => { rmSync(root, { recursive: true, force: true }); });

/** Counts `.md` entries and how often it was asked to (a hit never asks). */
function counting(): { counter: Counter; calls: () => number } {
  let calls = 0;
  return { counter: (list) => { calls++; return { count: list.filter((d) => d.name.endsWith('.md')).length, cacheable: true }; }, calls: () => calls };
}
const cacheFiles = (): string[] => (existsSync(cache) ? readdirSync(cache) : []);
const fill = (dir: string, n: number): void => { mkdirSync(dir, { recursive: true }); for (let i = 0; i < n; i++) writeFileSync(join(dir, `m${i}.md`), 'x'); };

describe('processed_count cache', () => {
  it('cache dir: $LOOPDECK_CACHE_DIR, else an absolute $XDG_CACHE_HOME/loopdeck, else ~/.cache/loopdeck', () => {
    expect(cacheDir({ LOOPDECK_CACHE_DIR: '/c', XDG_CACHE_HOME: '/x' })).toBe('/c');
    expect(cacheDir({ XDG_CACHE_HOME: '/x' })).toBe('/x/loopdeck');
    expect(cacheDir({ XDG_CACHE_HOME: 'relative' })).toBe(join(homedir(), '.cache', 'loopdeck'));
    expect(cacheDir({})).toBe(join(homedir(), '.cache', 'loopdeck'));
  });

  it('a directory changed within the racy window is never recorded: an entry added right after a listing is counted', () => {
    const dir = join(root, 'processed');
    fill(dir, 3);
    const c = counting();
    expect(cachedCount(dir, c.counter, { env })).toBe(3);
    expect(cacheFiles()).toEqual([]);
    writeFileSync(join(dir, 'new.md'), 'x');
    expect(cachedCount(dir, c.counter, { env })).toBe(4);
    expect(c.calls()).toBe(2);
  });

  it('real clock: a quiet directory is recorded and then served from one stat; an add or a move in the same second re-lists', async () => {
    const mb = join(root, 'messages');
    fill(join(mb, 'processed'), 5);
    writeFileSync(join(mb, 'a.md'), '---\nsubject: a\n---\n');
    await new Promise((r) => setTimeout(r, RACY_MS + 200));
    expect(countProcessed(mb, { env })).toBe(5);
    expect(cacheFiles()).toHaveLength(1);
    const c = counting();
    expect(cachedCount(join(mb, 'processed'), c.counter, { env })).toBe(5);
    expect(c.calls()).toBe(0);
    writeFileSync(join(mb, 'processed', 'b.md'), 'x');
    expect(countProcessed(mb, { env })).toBe(6);
    renameSync(join(mb, 'a.md'), join(mb, 'processed', 'a.md'));
    expect(countProcessed(mb, { env })).toBe(7);
    expect(listPending(mb)).toEqual([]);
    rmSync(join(mb, 'processed', 'm0.md'));
    expect(countProcessed(mb, { env })).toBe(6);
  });

  it('a corrupt, foreign or ill-shaped cache file is a miss, never an error or a wrong count', () => {
    const dir = join(root, 'processed');
    fill(dir, 2);
    expect(cachedCount(dir, counting().counter, { env, now: later })).toBe(2);
    const [name] = cacheFiles();
    const file = join(cache, name!);
    const good = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    // The hit path is real: a well-formed entry for this directory and its current stamps is believed.
    writeFileSync(file, JSON.stringify({ ...good, count: 99 }));
    expect(cachedCount(dir, counting().counter, { env })).toBe(99);
    const bad: string[] = ['', 'not json', 'null', '[]', '42', JSON.stringify({ ...good, count: -1 }), JSON.stringify({ ...good, count: 1.5 }),
      JSON.stringify({ ...good, count: '99' }), JSON.stringify({ ...good, dir: '/elsewhere', count: 99 }), JSON.stringify({ ...good, v: 2, count: 99 }),
      JSON.stringify({ ...good, stamp: 7, count: 99 }), JSON.stringify({ ...good, stamp: '0:0:0:0:0', count: 99 }), '\0\x01binary'];
    for (const text of bad) {
      writeFileSync(file, text);
      expect(cachedCount(dir, counting().counter, { env }), text).toBe(2);
    }
    rmSync(file);
    mkdirSync(file); // a directory where the file should be
    expect(cachedCount(dir, counting().counter, { env, now: later })).toBe(2);
  });

  it('an unwritable or impossible cache dir does not fail the count', () => {
    const dir = join(root, 'processed');
    fill(dir, 4);
    writeFileSync(join(root, 'plain-file'), 'x');
    expect(cachedCount(dir, counting().counter, { env: { LOOPDECK_CACHE_DIR: join(root, 'plain-file', 'cache') }, now: later })).toBe(4);
    expect(cachedCount(dir, counting().counter, { env: { LOOPDECK_CACHE_DIR: join(root, 'plain-file') }, now: later })).toBe(4);
    mkdirSync(cache);
    chmodSync(cache, 0o500); // (not enforced for root; then the write simply succeeds)
    expect(cachedCount(dir, counting().counter, { env, now: later })).toBe(4);
    chmodSync(cache, 0o700);
  });

  it('a missing directory counts 0 and records nothing; a listing with a symlink is never recorded', () => {
    expect(cachedCount(join(root, 'none'), counting().counter, { env, now: later })).toBe(0);
    expect(cacheFiles()).toEqual([]);
    const mb = join(root, 'mb');
    fill(join(mb, 'processed'), 1);
    writeFileSync(join(root, 'target'), 'x');
    symlinkSync(join(root, 'target'), join(mb, 'processed', 'link.md'));
    expect(countProcessed(mb, { env, now: later })).toBe(2);
    expect(cacheFiles()).toEqual([]);
    rmSync(join(root, 'target'));
    expect(countProcessed(mb, { env, now: later })).toBe(1);
  });

  it('a write removes the cache files of directories that no longer exist, and nothing else', () => {
    const gone = join(root, 'gone', 'processed');
    const kept = join(root, 'kept', 'processed');
    fill(gone, 1);
    fill(kept, 1);
    writeFileSync(join(root, 'kept', 'm.md'), 'subject: s\n');
    expect(countProcessed(join(root, 'gone'), { env, now: later })).toBe(1);
    expect(countProcessed(join(root, 'kept'), { env, now: later })).toBe(1);
    expect(listPending(join(root, 'kept'), { env, now: later })).toHaveLength(1);
    mkdirSync(cache, { recursive: true });
    writeFileSync(join(cache, 'notes.txt'), 'not ours');
    writeFileSync(join(cache, 'count-0000000000000000.json'), 'corrupt');
    expect(cacheFiles()).toHaveLength(5);
    rmSync(join(root, 'gone'), { recursive: true });
    fill(join(root, 'third', 'processed'), 2);
    expect(countProcessed(join(root, 'third'), { env, now: later })).toBe(2); // a write, hence a prune
    const left = cacheFiles();
    expect(left).toHaveLength(5);
    expect(left).toContain('notes.txt');
    expect(left).toContain('count-0000000000000000.json');
    expect(left.filter((n) => n.startsWith('pending-'))).toHaveLength(1);
    expect(left.filter((n) => /^count-(?!0{16})/.test(n))).toHaveLength(2);
    expect(countProcessed(join(root, 'kept'), { env })).toBe(1);
  });

  it('a write removes our temp files left by a process killed mid-write (stale ones only; a fresh one may be a live write)', () => {
    mkdirSync(cache, { recursive: true });
    const stale = 'pending-0123456789abcdef.json.4242.k2j4h5.tmp';
    const fresh = 'count-0123456789abcdef.json.4343.a1b2c3.tmp';
    for (const n of [stale, fresh, 'other.json.1.x.tmp']) writeFileSync(join(cache, n), '{"v":1,"dir":"/x","fi');
    const hourAgo = (Date.now() - 3_600_000) / 1000;
    utimesSync(join(cache, stale), hourAgo, hourAgo);
    utimesSync(join(cache, 'other.json.1.x.tmp'), hourAgo, hourAgo);
    fill(join(root, 'mb', 'processed'), 2);
    expect(countProcessed(join(root, 'mb'), { env, now: later })).toBe(2); // a write, hence a prune
    const left = cacheFiles();
    expect(left).not.toContain(stale);
    expect(left).toContain(fresh);
    expect(left).toContain('other.json.1.x.tmp');
    expect(left.filter((n) => n.endsWith('.json'))).toHaveLength(1);
  });

  it('a read-only mailbox is counted and listed, and nothing is written into it', () => {
    const mb = join(root, 'ro');
    fill(join(mb, 'processed'), 3);
    writeFileSync(join(mb, '20260101-000000-a-to-b.md'), '---\nsubject: hi\n---\n');
    chmodSync(join(mb, 'processed'), 0o555);
    chmodSync(mb, 0o555);
    try {
      expect(countProcessed(mb, { env, now: later })).toBe(3);
      expect(countProcessed(mb, { env, now: later })).toBe(3);
      expect(listPending(mb).map((m) => m.subject)).toEqual(['hi']);
      expect(readdirSync(mb).sort()).toEqual(['20260101-000000-a-to-b.md', 'processed']);
      expect(readdirSync(join(mb, 'processed'))).toHaveLength(3);
    } finally {
      chmodSync(mb, 0o755);
      chmodSync(join(mb, 'processed'), 0o755);
    }
  });
});
