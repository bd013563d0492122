/** The `?` help overlay: the key map rendered as text (keys-doc.ts); j/k scroll it (it outgrows 80x24); closes on escape, q or ?. */
import blessed from 'blessed';
import { propsMemo } from './panel.js';

export interface HelpProps { visible: boolean; lines: string[] }
export interface HelpView { update: (p: HelpProps) => void; scroll: (delta: number) => void }

/** Create the (hidden) help overlay. */
export function create(parent: blessed.Widgets.Node): HelpView {
  const box = blessed.box({
    parent, top: 1, left: 'center', width: '94%', height: '100%-2', label: ' help — escape, q or ? to close ',
    tags: false, border: { type: 'line' }, style: { border: { fg: 'cyan' }, bg: 'black' }, hidden: true, wrap: true, scrollable: true, alwaysScroll: true,
  });
  const memo = propsMemo<HelpProps>();
  return {
    update: (p) => {
      if (!memo.changed(p)) return;
      box.setContent(p.lines.join('\n'));
      if (p.visible) { box.show(); box.setFront(); } else { box.hide(); box.scrollTo(0); }
    },
    scroll: (delta) => { box.scroll(delta); },
  };
}
