/** The toast line above the footer: the newest outcome message, coloured by level; hidden when none. */
import blessed from 'blessed';
import type { ToastProps } from '../state/select.js';
import type { ToastLevel } from '../state/types.js';
import { propsMemo } from './panel.js';

export interface ToastView { update: (p: ToastProps | null) => void }

const COLOURS: Record<ToastLevel, { bg: string; fg: string }> = {
  info: { bg: 'blue', fg: 'white' }, ok: { bg: 'green', fg: 'black' }, warn: { bg: 'yellow', fg: 'black' }, error: { bg: 'red', fg: 'white' },
};

/** Create the toast line (above the footer, over the panels' bottom edge). */
export function create(parent: blessed.Widgets.Node): ToastView {
  const box = blessed.box({ parent, bottom: 1, left: 0, width: '100%', height: 1, tags: false, wrap: false, hidden: true });
  const memo = propsMemo<ToastProps | null>();
  return {
    update: (p) => {
      if (!memo.changed(p)) return;
      if (!p) { box.hide(); return; }
      const c = COLOURS[p.level];
      box.style.bg = c.bg;
      box.style.fg = c.fg;
      box.setContent(` ${p.text.replace(/\s+/g, ' ')}`);
      box.show();
      box.setFront();
    },
  };
}
