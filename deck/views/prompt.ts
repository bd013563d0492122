/** The one-line reject prompt: `reason: <typed text>`; Enter sends, Escape cancels (keys handled by intents). */
import blessed from 'blessed';
import type { PromptProps } from '../state/select.js';
import { propsMemo } from './panel.js';

export interface PromptView { update: (p: PromptProps | null) => void }

/** Create the (hidden) prompt box. Text is shown literally (no tags). */
export function create(parent: blessed.Widgets.Node): PromptView {
  const box = blessed.box({
    parent, top: 'center', left: 'center', width: '70%', height: 4, tags: false, wrap: false,
    border: { type: 'line' }, style: { border: { fg: 'yellow' }, bg: 'black' }, hidden: true,
  });
  const memo = propsMemo<PromptProps | null>();
  return {
    update: (p) => {
      if (!memo.changed(p)) return;
      if (!p) { box.hide(); return; }
      box.setLabel(` ${p.title} `);
      const inner = Math.max(10, Number(box.width) - 4 - 'reason: '.length - 1);
      const shown = Array.from(p.text).slice(-inner).join('');
      box.setContent(`reason: ${shown}█\nenter send · escape cancel`);
      box.show();
      box.setFront();
    },
  };
}
