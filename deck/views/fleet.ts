/** The fleet panel: one row per lane (LANE, HARNESS, ROLE, STATUS, CHANGED) with the cursor row highlighted. */
import type blessed from 'blessed';
import type { TableProps } from '../state/select.js';
import type { Rect } from './panel.js';
import { createTable, type TableView } from './table.js';

export interface FleetProps extends TableProps { focused: boolean; count: number }
export interface FleetView { update: (p: FleetProps) => void; place: (r: Rect) => void }

/** Create the fleet panel. */
export function create(parent: blessed.Widgets.Node, place: Rect): FleetView {
  const table: TableView = createTable(parent, place, true);
  return { update: ({ count, ...p }) => table.update({ ...p, title: `fleet (${count} lane${count === 1 ? '' : 's'})` }), place: table.place };
}
