/**
 * A table panel: a header row above a list of pre-formatted rows (selectors do the column layout
 * and colour tags). Only the rows that fit are handed to blessed (it renders every list item, even
 * off-screen ones), with the window moved to keep the selected row visible. Used by the fleet,
 * loops and tasks panels.
 */
import blessed from 'blessed';
import type { TableProps } from '../state/select.js';
import { panelBox, placeAt, propsMemo, showFocus, type Rect } from './panel.js';

export interface TableViewProps extends TableProps { title: string; focused: boolean }
export interface TableView { update: (p: TableViewProps) => void; scroll: (delta: number) => void; place: (r: Rect) => void }

const clamp = (n: number, lo: number, hi: number): number => Math.max(lo, Math.min(hi, n));

/** Create a table panel. `selectable` highlights `props.selected` (the fleet cursor). */
export function createTable(parent: blessed.Widgets.Node, place: Rect, selectable: boolean): TableView {
  const box = panelBox(parent, place, '');
  const header = blessed.box({ parent: box, top: 0, left: 0, right: 0, height: 1, tags: true, wrap: false, style: { bold: true, fg: 'white' } });
  const selectedStyle = selectable ? { bg: 'blue', fg: 'white', bold: true } : {};
  const list = blessed.list({ parent: box, top: 1, left: 0, right: 0, bottom: 0, tags: true, keys: false, mouse: false, interactive: selectable, style: { selected: selectedStyle, item: {} } });
  const memo = propsMemo<{ p: TableViewProps; offset: number; visible: number }>();
  let last: TableViewProps | null = null;
  let offset = 0;

  const draw = (p: TableViewProps): void => {
    const visible = Math.max(1, Number(box.height) - 3);
    if (selectable && p.selected !== null) {
      if (p.selected < offset) offset = p.selected;
      if (p.selected >= offset + visible) offset = p.selected - visible + 1;
    }
    offset = clamp(offset, 0, Math.max(0, p.rows.length - visible));
    if (!memo.changed({ p, offset, visible })) return;
    box.setLabel(` ${p.title}${p.rows.length > visible ? ` ${offset + 1}-${Math.min(p.rows.length, offset + visible)}/${p.rows.length}` : ''} `);
    showFocus(box, p.focused);
    header.setContent(p.rows.length ? p.header : `{grey-fg}${p.empty}{/grey-fg}`);
    list.setItems(p.rows.slice(offset, offset + visible));
    if (selectable && p.selected !== null) list.select(p.selected - offset);
  };

  return {
    update: (p) => { last = p; draw(p); },
    scroll: (delta) => { offset += delta; if (last) draw(last); },
    place: (r) => placeAt(box, r),
  };
}
