/** The tasks panel: ID, STATUS, TITLE of the project's task files. */
import type blessed from 'blessed';
import type { Rect } from './panel.js';
import { createTable, type TableView } from './table.js';

/** Create the tasks panel. */
export function create(parent: blessed.Widgets.Node, place: Rect): TableView {
  return createTable(parent, place, false);
}
