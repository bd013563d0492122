/** The mailbox panel: pending messages `<from> -> <to>  <subject>` and the processed count. */
import type blessed from 'blessed';
import type { Rect } from './panel.js';
import { createTextPanel, type TextPanel } from './text-panel.js';

/** Create the mailbox panel. */
export function create(parent: blessed.Widgets.Node, place: Rect): TextPanel {
  return createTextPanel(parent, place);
}
