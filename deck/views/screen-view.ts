/**
 * The full-screen views over the dashboard (lane detail, ADR ledger, brain transcript): one
 * scrollable box between the status bar and the footer, hidden on the main screen. `follow` pins
 * it to the bottom (the pane tail and the transcript are live tails) until the user scrolls up.
 */
import blessed from 'blessed';
import { propsMemo } from './panel.js';

export interface ScreenViewProps { visible: boolean; title: string; lines: string[]; follow: boolean }
export interface ScreenView { update: (p: ScreenViewProps) => void; scroll: (delta: number) => void }

/** Create the (hidden) screen box; content uses blessed tags (callers escape literal text). */
export function create(parent: blessed.Widgets.Node): ScreenView {
  const frame = blessed.box({ parent, top: 2, left: 0, width: '100%', height: '100%-3', border: { type: 'line' }, style: { border: { fg: 'cyan' }, bg: 'black' }, hidden: true });
  const body = blessed.box({ parent: frame, top: 0, left: 0, right: 0, bottom: 0, tags: true, scrollable: true, alwaysScroll: true, wrap: true, style: { bg: 'black' } });
  const memo = propsMemo<ScreenViewProps>();
  let pinned = true;
  let lastTitle = '';
  return {
    update: (p) => {
      if (!memo.changed(p)) return;
      if (!p.visible) { frame.hide(); lastTitle = ''; return; }
      if (p.title !== lastTitle) { pinned = p.follow; lastTitle = p.title; body.setScroll(0); }
      frame.setLabel(` ${p.title} `);
      body.setContent(p.lines.join('\n'));
      if (pinned) body.setScrollPerc(100);
      frame.show();
      frame.setFront();
    },
    scroll: (delta) => {
      body.scroll(delta);
      pinned = body.getScrollPerc() >= 100 || body.getScrollHeight() <= Number(body.height);
    },
  };
}
