/**
 * Where every panel goes, in cells, for a terminal of `cols` × `rows` (pure). Status bar: rows 0–1;
 * footer: the last row; the body between. Left (58%): the fleet — tall enough for every lane
 * within bounds — over the pane tail, over the trends sparklines (when the body has 24+ rows). Right: decision, mailbox, tasks, loops, events, split by
 * cumulative shares so rounding never leaves a gap or an overlap.
 */
import type { Rect } from './panel.js';

export type PanelRects = Record<'fleet' | 'pane' | 'trends' | 'decision' | 'mailbox' | 'tasks' | 'loops' | 'events', Rect>;

/** Rows of the trends panel (two sparklines) when the body has room for it. */
export const TRENDS_ROWS = 5;

/** Rows of the body (between the two-row status bar and the footer). */
export const bodyRows = (rows: number): number => Math.max(0, rows - 3);

/**
 * Fleet panel height for a body of `body` rows: every lane plus border and header when it fits,
 * between half and 70% of the body (the pane tail keeps at least 5 rows when there is room).
 */
export function fleetRows(body: number, lanes: number): number {
  const lo = Math.floor(body * 0.5);
  const hi = Math.max(lo, Math.min(Math.floor(body * 0.7), body - 5));
  return Math.max(lo, Math.min(hi, lanes + 3));
}

/** Right-column panels and their cumulative bottom edge (fraction of the body). */
const RIGHT = [['decision', 0.4], ['mailbox', 0.58], ['tasks', 0.75], ['loops', 0.875], ['events', 1]] as const;

/** The rectangle of every panel. */
export function computeLayout(cols: number, rows: number, lanes: number): PanelRects {
  const top = 2;
  const body = bodyRows(rows);
  const leftW = Math.floor(cols * 0.58);
  const rightW = Math.max(0, cols - leftW);
  const trendsH = body >= 24 ? TRENDS_ROWS : 0;
  const leftBody = body - trendsH;
  const fleetH = fleetRows(leftBody, lanes);
  const out = {
    fleet: { top, left: 0, width: leftW, height: fleetH },
    pane: { top: top + fleetH, left: 0, width: leftW, height: Math.max(0, leftBody - fleetH) },
    trends: { top: top + leftBody, left: 0, width: leftW, height: trendsH },
  } as PanelRects;
  let y = 0;
  for (const [name, edge] of RIGHT) {
    const bottom = edge === 1 ? body : Math.floor(body * edge);
    out[name] = { top: top + y, left: leftW, width: rightW, height: Math.max(0, bottom - y) };
    y = bottom;
  }
  return out;
}
