/**
 * No brain call when nothing changed (issue 4 §9 / DESIGN.md §10): a second non-forced cycle over
 * the same world is skipped with `cycle-skip world-unchanged`; a forced one (`engine once`) runs.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { makeBed, type Bed } from '../helpers/engine.js';
import { assertBuilt } from '../helpers/cli.js';
import { createContext } from '../../engine/context.js';
import { runCycle } from '../../engine/cycle/run-cycle.js';

describe('world hash', () => {
  let bed: Bed;
  beforeAll(async () => { assertBuilt(); bed = await makeBed({ lanes: '  web: { harness: demo }\n' }); });
  afterAll(async () => { await bed?.cleanup(); });

  it('skips the brain on an unchanged world unless forced', async () => {
    const ctx = createContext({ root: bed.root, session: bed.session, socketName: bed.tmux.name, out: () => undefined });
    try {
      const a = await runCycle(ctx, { reasons: ['interval'] });
      expect(a.outcome).toBe('resolved');
      const calls = () => (ctx.store.db.prepare('SELECT COUNT(*) AS n FROM brain_calls').get() as { n: number }).n;
      const n = calls();
      const b = await runCycle(ctx, { reasons: ['interval'] });
      expect(b.outcome).toBe('unchanged');
      expect(calls()).toBe(n);
      expect(ctx.store.events.tail(5).map((e) => e.type)).toContain('cycle-skip');
      const c = await runCycle(ctx, { reasons: ['cycle-now'], force: true });
      expect(c.outcome).toBe('resolved');
      expect(calls()).toBe(n + 1);
    } finally { ctx.store.close(); }
  });
});
