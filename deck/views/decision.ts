/** The decision panel: the pending (or latest) decision, every action and its executable fields. */
import type blessed from 'blessed';
import type { Rect } from './panel.js';
import { createTextPanel, type TextPanel, type TextPanelProps } from './text-panel.js';

export interface DecisionView { update: (p: TextPanelProps) => void; scroll: (delta: number) => void; place: (r: Rect) => void }

/** Create the decision panel. */
export function create(parent: blessed.Widgets.Node, place: Rect): DecisionView {
  const panel: TextPanel = createTextPanel(parent, place);
  return panel;
}
