/** The live tail of the selected lane's pane: literal text (no tags), pinned to the bottom. */
import type blessed from 'blessed';
import type { Rect } from './panel.js';
import { createTextPanel, type TextPanel } from './text-panel.js';

/** Create the pane tail panel. */
export function create(parent: blessed.Widgets.Node, place: Rect): TextPanel {
  return createTextPanel(parent, place, { tags: false, follow: true });
}
