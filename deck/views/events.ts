/**
 * The events ticker: a labelled frame around a blessed-contrib log (blessed re-renders the whole
 * screen whenever a labelled scrollable element scrolls, so the label lives on the frame). Input
 * problems first, then the engine's recent events, newest last.
 */
import type blessed from 'blessed';
import { contribLog } from './contrib.js';
import { panelBox, placeAt, propsMemo, showFocus, type Rect } from './panel.js';

export interface EventsProps { lines: string[]; focused: boolean }
export interface EventsView { update: (p: EventsProps) => void; scroll: (delta: number) => void; place: (r: Rect) => void }

/** Create the ticker; it follows the newest line until scrolled up. */
export function create(parent: blessed.Widgets.Node, place: Rect): EventsView {
  const frame = panelBox(parent, place, 'events');
  const log = contribLog({ parent: frame, top: 0, left: 0, right: 0, bottom: 0, tags: true, bufferLength: 200, scrollable: true, alwaysScroll: true });
  const memo = propsMemo<EventsProps>();
  let pinned = true;
  return {
    update: (p) => {
      if (!memo.changed(p)) return;
      showFocus(frame, p.focused);
      log.setItems(p.lines);
      if (pinned) log.setScrollPerc(100);
    },
    scroll: (delta) => {
      log.scroll(delta);
      pinned = log.getScrollPerc() >= 100;
    },
    place: (r) => {
      placeAt(frame, r);
      if (pinned) log.setScrollPerc(100);
    },
  };
}
