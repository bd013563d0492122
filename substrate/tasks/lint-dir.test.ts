import { describe, expect, it } from 'vitest';
import { inFileOrder } from './lint-dir.js';

const f = (file: string, message = 'm') => ({ file, line: 1, message });

describe('inFileOrder (review regression: oversized/unreadable files were reported before every other file)', () => {
  it('places early findings at their file, before the graph findings', () => {
    const order = ['/t/T0001-a.md', '/t/T0002-b.md', '/t/T0003-c.md', '/t/archive/T0004-d.md'];
    const early = [f('/t/T0002-b.md', 'huge'), f('/t/archive/T0004-d.md', 'huge')];
    const rest = [f('/t/T0001-a.md'), f('/t/T0003-c.md'), f('/t/T0001-a.md', 'missing dep'), f('/t', 'cycle')];
    expect(inFileOrder(early, rest, order).map((x) => `${x.file}:${x.message}`)).toEqual([
      '/t/T0001-a.md:m', '/t/T0002-b.md:huge', '/t/T0003-c.md:m', '/t/archive/T0004-d.md:huge', '/t/T0001-a.md:missing dep', '/t:cycle',
    ]);
  });
  it('only early findings, or none', () => {
    expect(inFileOrder([f('/a')], [], ['/a'])).toEqual([f('/a')]);
    expect(inFileOrder([], [f('/a')], ['/a'])).toEqual([f('/a')]);
  });
});
