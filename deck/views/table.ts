/**
 * A table panel: a header row above pre-formatted rows (selectors do the column layout and colour
 * tags). One box holds the header and only the rows that fit (a blessed list makes an element per
 * row, which costs more than the whole fleet update budget at 100 lanes), with the window moved to
 * keep the selected row visible and that row painted as the cursor. Used by the fleet, loops and
 * tasks panels.
 */
import type { TableProps } from '../state/select.js';
import type blessed from 'blessed';
import { panelBox, placeAt, propsMemo, showFocus, type Rect } from './panel.js';

export interface TableViewProps extends TableProps { title: string; focused: boolean }
export interface TableView { update: (p: TableViewProps) => void; scroll: (delta: number) => void; place: (r: Rect) => void }

const clamp = (n: number, lo: number, hi: number): number => Math.max(lo, Math.min(hi, n));

/** Create a table panel. `selectable` highlights `props.selected` (the fleet cursor). */
export function createTable(parent: blessed.Widgets.Node, place: Rect, selectable: boolean): TableView {
  // The frame holds the text itself (not scrollable, so its label stays put): one element per
  // table instead of two halves the cells blessed walks each frame.
  const box = panelBox(parent, place, '');
  const body = box;
  (body as unknown as { wrap: boolean }).wrap = false;
  const memo = propsMemo<{ p: TableViewProps; offset: number; visible: number }>();
  let last: TableViewProps | null = null;
  let offset = 0;

  const draw = (p: TableViewProps): void => {
    // Rows that fit under the header; 0 when a small terminal leaves the panel only its header.
    const visible = Math.max(0, Number(box.height) - 3);
    if (selectable && p.selected !== null && visible > 0) {
      if (p.selected < offset) offset = p.selected;
      if (p.selected >= offset + visible) offset = p.selected - visible + 1;
    }
    offset = clamp(offset, 0, Math.max(0, p.rows.length - visible));
    if (!memo.changed({ p, offset, visible })) return;
    const range = visible === 0 ? ` 0 of ${p.rows.length} shown` : ` ${offset + 1}-${Math.min(p.rows.length, offset + visible)}/${p.rows.length}`;
    box.setLabel(` ${p.title}${p.rows.length > visible ? range : ''} `);
    showFocus(box, p.focused);
    if (!p.rows.length) { body.setContent(`{grey-fg}${p.empty}{/grey-fg}`); return; }
    const width = Math.max(1, Number(box.width) - 2);
    const rows = p.rows.slice(offset, offset + visible).map((r, i) => {
      if (!selectable || offset + i !== p.selected) return r;
      const plain = r.replace(/\{\/?[a-z-]+\}/g, '').replace(/\{open\}/g, '{').replace(/\{close\}/g, '}');
      return `{bold}{white-fg}{blue-bg}${r}${' '.repeat(Math.max(0, width - Array.from(plain).length))}{/blue-bg}{/white-fg}{/bold}`;
    });
    body.setContent([`{bold}${p.header}{/bold}`, ...rows].join('\n'));
  };

  return {
    update: (p) => { last = p; draw(p); },
    scroll: (delta) => { offset += delta; if (last) draw(last); },
    place: (r) => placeAt(box, r),
  };
}
