/**
 * A table panel: a header row above a list of pre-formatted rows (selectors do the column layout
 * and colour tags). Used by the fleet, loops and tasks panels.
 */
import blessed from 'blessed';
import type { TableProps } from '../state/select.js';
import { panelBox, propsMemo, showFocus, type Place } from './panel.js';

export interface TableViewProps extends TableProps { title: string; focused: boolean }
export interface TableView { update: (p: TableViewProps) => void; scroll: (delta: number) => void }

/** Create a table panel. `selectable` highlights `props.selected` (the fleet cursor). */
export function createTable(parent: blessed.Widgets.Node, place: Place, selectable: boolean): TableView {
  const box = panelBox(parent, place, '');
  const header = blessed.box({ parent: box, top: 0, left: 0, right: 0, height: 1, tags: true, wrap: false, style: { bold: true, fg: 'white' } });
  const selectedStyle = selectable ? { bg: 'blue', fg: 'white', bold: true } : {};
  const list = blessed.list({ parent: box, top: 1, left: 0, right: 0, bottom: 0, tags: true, keys: false, mouse: false, interactive: selectable, style: { selected: selectedStyle, item: {} } });
  const memo = propsMemo<TableViewProps>();
  return {
    update: (p) => {
      if (!memo.changed(p)) return;
      box.setLabel(` ${p.title} `);
      showFocus(box, p.focused);
      header.setContent(p.rows.length ? p.header : `{grey-fg}${p.empty}{/grey-fg}`);
      list.setItems(p.rows);
      if (selectable && p.selected !== null) list.select(p.selected);
    },
    scroll: (delta) => { list.scroll(delta); },
  };
}
