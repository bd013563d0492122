/**
 * A scrollable text panel (decision, mailbox, pane tail): a labelled frame around a borderless
 * scrolling box (blessed scrolls a box's label along with its content, so they are kept apart).
 * `follow` keeps the view pinned to the bottom (a terminal tail) until the user scrolls up.
 */
import blessed from 'blessed';
import { panelBox, placeAt, propsMemo, showFocus, type Rect } from './panel.js';

export interface TextPanelProps { title: string; lines: string[]; focused: boolean }
export interface TextPanel { update: (p: TextPanelProps) => void; scroll: (delta: number) => void; place: (r: Rect) => void }

/** Create a text panel; `tags: false` shows content literally (pane captures). */
export function createTextPanel(parent: blessed.Widgets.Node, place: Rect, opts: { tags?: boolean; follow?: boolean } = {}): TextPanel {
  const frame = panelBox(parent, place, '');
  const body = blessed.box({ parent: frame, top: 0, left: 0, right: 0, bottom: 0, tags: opts.tags ?? true, scrollable: true, alwaysScroll: true, wrap: true });
  const memo = propsMemo<TextPanelProps>();
  let pinned = opts.follow ?? false;
  return {
    update: (p) => {
      if (!memo.changed(p)) return;
      frame.setLabel(` ${p.title} `);
      showFocus(frame, p.focused);
      body.setContent(p.lines.join('\n'));
      if (pinned) body.setScrollPerc(100);
    },
    scroll: (delta) => {
      body.scroll(delta);
      if (opts.follow) pinned = body.getScrollPerc() >= 100 || body.getScrollHeight() <= Number(body.height);
    },
    place: (r) => {
      placeAt(frame, r);
      if (pinned) body.setScrollPerc(100);
    },
  };
}
