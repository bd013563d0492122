import { describe, expect, it } from 'vitest';
import { computeLayout, fleetRows } from './geometry.js';

describe('layout geometry', () => {
  for (const [cols, rows] of [[80, 24], [100, 30], [120, 40], [203, 61]] as const) {
    it(`tiles ${cols}x${rows} without gaps or overlaps`, () => {
      const g = computeLayout(cols, rows, 8);
      expect(g.fleet.top).toBe(2);
      expect(g.pane.top).toBe(g.fleet.top + g.fleet.height);
      expect(g.trends.top).toBe(g.pane.top + g.pane.height);
      expect(g.trends.top + g.trends.height).toBe(rows - 1);
      let y = 2;
      for (const k of ['decision', 'mailbox', 'tasks', 'loops', 'events'] as const) {
        expect(g[k].top).toBe(y);
        expect(g[k].left).toBe(g.fleet.width);
        expect(g[k].left + g[k].width).toBe(cols);
        expect(g[k].height).toBeGreaterThanOrEqual(3);
        y += g[k].height;
      }
      expect(y).toBe(rows - 1);
    });
  }

  it('gives the fleet a row per lane within half and 70% of the body', () => {
    expect(fleetRows(21, 8)).toBe(11);
    expect(fleetRows(21, 2)).toBe(10);
    expect(fleetRows(21, 100)).toBe(14);
    expect(fleetRows(57, 100)).toBe(39);
  });
});
