/** The two-line status bar at the top: engine facts, then the OFF banner and connection notes. */
import blessed from 'blessed';
import type { StatusBarProps } from '../state/select.js';
import { propsMemo } from './panel.js';

export interface StatusBarView { update: (p: StatusBarProps) => void }

/** Create the bar on `parent` (top two rows). */
export function create(parent: blessed.Widgets.Node): StatusBarView {
  const box = blessed.box({ parent, top: 0, left: 0, width: '100%', height: 2, tags: true, wrap: false, style: { bg: 'black' } });
  const memo = propsMemo<StatusBarProps>();
  return { update: (p) => { if (memo.changed(p)) box.setContent(`${p.line1}\n${p.line2}`); } };
}
