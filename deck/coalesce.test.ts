import { describe, expect, it } from 'vitest';
import { coalesce } from './coalesce.js';

describe('coalesce', () => {
  it('runs at most one in flight and one queued', async () => {
    let runs = 0;
    let release: () => void = () => undefined;
    const run = coalesce(async () => { runs++; await new Promise<void>((r) => { release = r; }); });
    const first = run();
    const queued = [run(), run(), run()];
    expect(runs).toBe(1);
    release();
    await first;
    await new Promise((r) => setImmediate(r));
    expect(runs).toBe(2);
    release();
    await Promise.all(queued);
    expect(runs).toBe(2);
    const again = run();
    expect(runs).toBe(3);
    release();
    await again;
  });

  it('keeps going after a failed run', async () => {
    let n = 0;
    const run = coalesce(async () => { n++; if (n === 1) throw new Error('boom'); });
    await expect(run()).rejects.toThrow('boom');
    await run();
    expect(n).toBe(2);
  });
});
