/** The footer: the key bindings of the current scope (disabled ones greyed) and the focused panel. */
import blessed from 'blessed';
import { propsMemo } from './panel.js';

export interface FooterView { update: (text: string) => void }

/** Create the footer on the bottom row. */
export function create(parent: blessed.Widgets.Node): FooterView {
  const box = blessed.box({ parent, bottom: 0, left: 0, width: '100%', height: 1, tags: true, wrap: false, style: { bg: 'black' } });
  const memo = propsMemo<string>();
  return { update: (text) => { if (memo.changed(text)) box.setContent(text); } };
}
