/**
 * Where every panel goes, and which selector feeds it. Status bar on top (2 rows), footer at the
 * bottom; the body splits into the fleet over the pane tail (left), and decision, mailbox, tasks,
 * loops and the events ticker (right). Toast, help and the reject prompt float above.
 */
import blessed from 'blessed';
import { currentToast, decisionLines, engineOff, eventLines, fleetTable, footer, helpScreen, loopsTable, mailboxLines, paneTail, rejectPrompt, statusBar, tasksTable } from '../state/select.js';
import type { DeckState, PanelId } from '../state/types.js';
import type { Place } from './panel.js';
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

/** A borderless container; children placed in it split its exact size (no percent gaps). */
const area = (parent: blessed.Widgets.Node, place: Place): blessed.Widgets.BoxElement => blessed.box({ parent, ...place });

/**
 * Split `parent` top to bottom by `shares` (percent of what remains at each step): the first child
 * takes its share, the rest fills a nested area, so rounding never leaves a gap or an overlap.
 */
function stack(parent: blessed.Widgets.Node, shares: readonly number[]): Place[] & { parents: blessed.Widgets.Node[] } {
  const places: Place[] = [];
  const parents: blessed.Widgets.Node[] = [];
  let host = parent;
  for (const share of shares) {
    parents.push(host);
    places.push({ top: 0, left: 0, right: 0, height: `${share}%` });
    host = area(host, { top: `${share}%`, left: 0, right: 0, bottom: 0 });
  }
  parents.push(host);
  places.push({ top: 0, left: 0, right: 0, bottom: 0 });
  return Object.assign(places, { parents });
}

/** Build every view on `screen`. */
export function createViews(screen: blessed.Widgets.Screen): Views {
  const status = statusView.create(screen);
  const body = area(screen, { top: 2, left: 0, right: 0, bottom: 1 });
  const left = area(body, { top: 0, left: 0, width: '58%', bottom: 0 });
  const right = area(body, { top: 0, left: '58%', right: 0, bottom: 0 });
  const l = stack(left, [50]);
  const r = stack(right, [40, 30, 40, 50]);
  const at = (s: typeof l, i: number): [blessed.Widgets.Node, Place] => [s.parents[i] ?? screen, s[i] ?? {}];
  return {
    status,
    fleet: fleet.create(...at(l, 0)),
    pane: paneView.create(...at(l, 1)),
    decision: decision.create(...at(r, 0)),
    mailbox: mailbox.create(...at(r, 1)),
    tasks: tasks.create(...at(r, 2)),
    loops: loops.create(...at(r, 3)),
    events: events.create(...at(r, 4)),
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
