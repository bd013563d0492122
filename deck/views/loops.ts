/** The loops panel: ID, STATUS, BRANCH, NAME from the ledger. */
import type blessed from 'blessed';
import type { Rect } from './panel.js';
import { createTable, type TableView } from './table.js';

/** Create the loops panel. */
export function create(parent: blessed.Widgets.Node, place: Rect): TableView {
  return createTable(parent, place, false);
}
