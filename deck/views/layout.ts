/**
 * Where every panel goes, and which selector feeds it. Status bar on top (2 rows), footer at the
 * bottom; the body splits into the fleet over the pane tail (left), and decision, mailbox, tasks,
 * loops and the events ticker (right). Toast, help and the reject prompt float above.
 */
import blessed from 'blessed';
import { currentToast, decisionLines, engineOff, eventLines, fleetTable, footer, helpScreen, loopsTable, mailboxLines, paneTail, rejectPrompt, statusBar, tasksTable } from '../state/select.js';
import type { DeckState, PanelId } from '../state/types.js';
import * as decision from './decision.js';
import * as events from './events.js';
import * as fleet from './fleet.js';
import * as footerView from './footer.js';
import * as help from './help.js';
import * as loops from './loops.js';
import * as mailbox from './mailbox.js';
import * as paneView from './pane-tail.js';
import * as prompt from './prompt.js';
import * as statusView from './status-bar.js';
import * as tasks from './tasks.js';
import * as toast from './toast.js';

export interface Views {
  status: statusView.StatusBarView;
  fleet: fleet.FleetView;
  decision: decision.DecisionView;
  pane: ReturnType<typeof paneView.create>;
  mailbox: ReturnType<typeof mailbox.create>;
  tasks: ReturnType<typeof tasks.create>;
  loops: ReturnType<typeof loops.create>;
  events: events.EventsView;
  footer: footerView.FooterView;
  toast: toast.ToastView;
  help: help.HelpView;
  prompt: prompt.PromptView;
}

const LEFT = '58%';
const RIGHT = '42%';

/** Build every view on `screen`. */
export function createViews(screen: blessed.Widgets.Screen): Views {
  const status = statusView.create(screen);
  const body = blessed.box({ parent: screen, top: 2, left: 0, width: '100%', bottom: 1 });
  return {
    status,
    fleet: fleet.create(body, { top: 0, left: 0, width: LEFT, height: '50%' }),
    pane: paneView.create(body, { top: '50%', left: 0, width: LEFT, bottom: 0 }),
    decision: decision.create(body, { top: 0, left: LEFT, right: 0, height: '40%' }),
    mailbox: mailbox.create(body, { top: '40%', left: LEFT, right: 0, height: '15%' }),
    tasks: tasks.create(body, { top: '55%', left: LEFT, right: 0, height: '15%' }),
    loops: loops.create(body, { top: '70%', left: LEFT, right: 0, height: '15%' }),
    events: events.create(body, { top: '85%', left: LEFT, width: RIGHT, bottom: 0 }),
    footer: footerView.create(screen),
    toast: toast.create(screen),
    help: help.create(screen),
    prompt: prompt.create(screen),
  };
}

/** Feed every view from the state (views skip unchanged props themselves). */
export function drawAll(v: Views, s: DeckState): void {
  const snap = s.snapshot;
  const f = (p: PanelId): boolean => s.focus === p && s.modal.kind === 'none';
  v.status.update(statusBar(s));
  v.fleet.update({ ...fleetTable(s), count: snap?.lanes.length ?? 0, focused: f('fleet') });
  v.decision.update({ title: 'decision', lines: decisionLines(engineOff(s) ? null : snap?.decision ?? null, engineOff(s)), focused: f('decision') });
  const pane = paneTail(s);
  v.pane.update({ title: pane.title, lines: pane.text.split('\n'), focused: f('pane') });
  v.mailbox.update({ title: `mailbox (${snap?.mailbox.pending.length ?? 0} pending)`, lines: mailboxLines(s), focused: f('mailbox') });
  v.tasks.update({ ...tasksTable(s), title: `tasks (${snap?.tasks.length ?? 0})`, focused: f('tasks') });
  v.loops.update({ ...loopsTable(s), title: `loops (${snap?.loops.length ?? 0})`, focused: f('loops') });
  v.events.update({ lines: eventLines(s), focused: f('events') });
  v.footer.update(footer(s));
  v.toast.update(currentToast(s));
  v.help.update({ visible: s.modal.kind === 'help', lines: helpScreen() });
  v.prompt.update(rejectPrompt(s));
}

/** Scroll a panel other than the fleet (whose cursor lives in the state). */
export function scrollPanel(v: Views, panel: PanelId, delta: number): void {
  if (panel !== 'fleet') v[panel].scroll(delta);
}
