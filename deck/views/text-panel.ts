/**
 * A scrollable text panel (decision, mailbox, pane tail). `follow` keeps the view pinned to the
 * bottom (a terminal tail) until the user scrolls up; otherwise it keeps the user's position.
 */
import type blessed from 'blessed';
import { panelBox, propsMemo, showFocus, type Place } from './panel.js';

export interface TextPanelProps { title: string; lines: string[]; focused: boolean }
export interface TextPanel { update: (p: TextPanelProps) => void; scroll: (delta: number) => void }

/** Create a text panel; `tags: false` shows content literally (pane captures). */
export function createTextPanel(parent: blessed.Widgets.Node, place: Place, opts: { tags?: boolean; follow?: boolean } = {}): TextPanel {
  const box = panelBox(parent, place, '', { tags: opts.tags ?? true, scrollable: true });
  const memo = propsMemo<TextPanelProps>();
  let pinned = opts.follow ?? false;
  return {
    update: (p) => {
      if (!memo.changed(p)) return;
      box.setLabel(` ${p.title} `);
      showFocus(box, p.focused);
      box.setContent(p.lines.join('\n'));
      if (pinned) box.setScrollPerc(100);
    },
    scroll: (delta) => {
      box.scroll(delta);
      if (opts.follow) pinned = box.getScrollPerc() >= 100 || box.getScrollHeight() <= Number(box.height) - 2;
    },
  };
}
