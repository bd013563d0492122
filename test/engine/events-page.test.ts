/**
 * `engine events --since N --limit M` pages forward: the FIRST M events after the cursor; without
 * `--since`, `--limit M` is a tail (the LAST M). Real SQLite store, real built CLI.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createContext } from '../../engine/context.js';
import { selectEvents } from '../../engine/cli/events.js';
import { assertBuilt, runCli } from '../helpers/cli.js';

let root: string | null = null;
afterEach(() => { if (root) rmSync(root, { recursive: true, force: true }); root = null; });
beforeAll(() => assertBuilt());

/** A store with events seq 1..10 (`e1`..`e10`), closed again. */
function seeded(): string {
  root = mkdtempSync(join(tmpdir(), 'ldk-events-'));
  const ctx = createContext({ root, session: 's', out: () => undefined });
  for (let i = 1; i <= 10; i++) ctx.emit(i % 2 ? 'odd' : 'even', { i });
  ctx.store.close();
  return root;
}

const seqs = (stdout: string): number[] => stdout.trim().split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { seq: number }).seq);

describe('engine events paging', () => {
  it('--since N --limit M gives the first M after N; --limit alone gives the last M', async () => {
    const r = seeded();
    const run = (...a: string[]) => runCli('engine', ['events', '--json', '--session', 's', '--project-root', r, ...a]);
    const first = await run('--since', '3', '--limit', '2');
    expect(first.code).toBe(0);
    expect(seqs(first.stdout)).toEqual([4, 5]);
    expect(seqs((await run('--since', '5', '--limit', '2')).stdout)).toEqual([6, 7]); // the next page
    expect(seqs((await run('--limit', '2')).stdout)).toEqual([9, 10]); // a tail
    expect(seqs((await run('--since', '3')).stdout)).toEqual([4, 5, 6, 7, 8, 9, 10]);
    expect(seqs((await run('--since', '3', '--limit', '2', '--type', 'even')).stdout)).toEqual([4, 6]);
    expect((await run('--since', '3', '--limit', '0')).stdout).toBe('');
  });

  it('selectEvents: a time cursor pages forward too', () => {
    const r = seeded();
    const ctx = createContext({ root: r, session: 's', out: () => undefined });
    try {
      expect(selectEvents(ctx.store.events, { since: { afterSeq: 0, sinceTs: '2000-01-01T00:00:00Z' }, limit: 3 }).map((e) => e.seq)).toEqual([1, 2, 3]);
      expect(selectEvents(ctx.store.events, { limit: 3 }).map((e) => e.seq)).toEqual([8, 9, 10]);
      expect(selectEvents(ctx.store.events, {}).length).toBe(10);
    } finally { ctx.store.close(); }
  });
});
