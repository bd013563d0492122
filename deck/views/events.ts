/** The events ticker (a blessed-contrib log): input problems, then the engine's recent events, newest last. */
import type blessed from 'blessed';
import { contribLog } from './contrib.js';
import { propsMemo, showFocus, type Place } from './panel.js';

export interface EventsProps { lines: string[]; focused: boolean }
export interface EventsView { update: (p: EventsProps) => void; scroll: (delta: number) => void }

/** Create the ticker; it follows the newest line until scrolled up. */
export function create(parent: blessed.Widgets.Node, place: Place): EventsView {
  const log = contribLog({ parent, ...place, label: ' events ', tags: true, border: { type: 'line' }, style: { border: { fg: 'grey' } }, bufferLength: 200, scrollable: true, alwaysScroll: true });
  const memo = propsMemo<EventsProps>();
  let pinned = true;
  return {
    update: (p) => {
      if (!memo.changed(p)) return;
      showFocus(log, p.focused);
      log.setItems(p.lines);
      if (pinned) log.setScrollPerc(100);
    },
    scroll: (delta) => {
      log.scroll(delta);
      pinned = log.getScrollPerc() >= 100;
    },
  };
}
