/** A form (reject reason, steer, dispatch, add lane, drop confirmation, ask answer, ADR accept): fields as literal text, keys handled by intents. */
import blessed from 'blessed';
import type { FormProps } from '../state/select.js';
import { propsMemo } from './panel.js';

export interface PromptView { update: (p: FormProps | null) => void }

/** Create the (hidden) form box. Text is shown literally (no tags); an error line in red. */
export function create(parent: blessed.Widgets.Node): PromptView {
  const box = blessed.box({
    parent, top: 'center', left: 'center', width: '76%', height: 6, tags: false, wrap: false,
    border: { type: 'line' }, style: { border: { fg: 'yellow' }, bg: 'black' }, hidden: true,
  });
  const err = blessed.box({ parent: box, bottom: 0, left: 0, right: 0, height: 1, tags: false, style: { fg: 'red', bold: true, bg: 'black' } });
  const memo = propsMemo<FormProps | null>();
  return {
    update: (p) => {
      if (!memo.changed(p)) return;
      if (!p) { box.hide(); return; }
      box.setLabel(` ${p.title} `);
      box.height = p.lines.length + 3;
      const inner = Math.max(10, Number(box.width) - 4);
      box.setContent(p.lines.map((l) => (Array.from(l).length > inner ? '…' + Array.from(l).slice(-(inner - 1)).join('') : l)).join('\n'));
      err.setContent(p.error ?? '');
      box.show();
      box.setFront();
    },
  };
}
