/**
 * Builds the views, placed by geometry.ts (status bar, fleet over pane tail on the left; decision,
 * mailbox, tasks, loops and events on the right; footer; toast, help and the reject prompt float
 * above), and says which selector feeds each view.
 */
import type blessed from 'blessed';
import { esc } from '../state/format.js';
import { adrScreen, brainScreen, currentToast, decisionLines, engineOff, eventLines, fleetTable, footer, formView, helpScreen, laneDetail, loopsTable, mailboxLines, paneTail, statusBar, tasksTable, trends, type ScreenProps } from '../state/select.js';
import type { DeckState, PanelId } from '../state/types.js';
import { computeLayout } from './geometry.js';
import * as decision from './decision.js';
import * as events from './events.js';
import * as fleet from './fleet.js';
import * as footerView from './footer.js';
import * as help from './help.js';
import * as loops from './loops.js';
import * as mailbox from './mailbox.js';
import * as paneView from './pane-tail.js';
import * as prompt from './prompt.js';
import * as screenView from './screen-view.js';
import * as statusView from './status-bar.js';
import * as tasks from './tasks.js';
import * as toast from './toast.js';
import * as trendsView from './trends.js';

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
  trends: trendsView.TrendsView;
  screen: screenView.ScreenView;
  /** Place every panel for the current screen size (the fleet grows with `lanes`). */
  layout: (lanes: number) => void;
}

/** Build every view on `screen`, placed for its current size. */
export function createViews(screen: blessed.Widgets.Screen): Views {
  const g = computeLayout(Number(screen.width), Number(screen.height), 0);
  const v = {
    status: statusView.create(screen),
    fleet: fleet.create(screen, g.fleet),
    pane: paneView.create(screen, g.pane),
    decision: decision.create(screen, g.decision),
    mailbox: mailbox.create(screen, g.mailbox),
    tasks: tasks.create(screen, g.tasks),
    loops: loops.create(screen, g.loops),
    events: events.create(screen, g.events),
    trends: trendsView.create(screen, g.trends),
    screen: screenView.create(screen),
    footer: footerView.create(screen),
    toast: toast.create(screen),
    help: help.create(screen),
    prompt: prompt.create(screen),
  };
  return {
    ...v,
    layout: (lanes) => {
      const r = computeLayout(Number(screen.width), Number(screen.height), lanes);
      for (const k of ['fleet', 'pane', 'trends', 'decision', 'mailbox', 'tasks', 'loops', 'events'] as const) v[k].place(r[k]);
    },
  };
}

/** Feed every view from the state (views skip unchanged props themselves). */
export function drawAll(v: Views, s: DeckState): void {
  const snap = s.snapshot;
  const f = (p: PanelId): boolean => s.focus === p && s.modal.kind === 'none';
  v.status.update(statusBar(s));
  v.layout(snap?.lanes.length ?? 0);
  v.fleet.update({ ...fleetTable(s), count: snap?.lanes.length ?? 0, focused: f('fleet') });
  const marks = { cursor: s.actionCursor, marked: s.markedFor === snap?.decision?.id ? s.marked : [], focused: f('decision') };
  v.decision.update({ title: 'decision', lines: decisionLines(snap?.decision ?? null, engineOff(s), engineOff(s) ? null : marks), focused: f('decision') });
  const pane = paneTail(s);
  v.pane.update({ title: pane.title, lines: pane.text.split('\n'), focused: f('pane') });
  v.mailbox.update({ title: `mailbox (${snap?.mailbox.pending.length ?? 0} pending)`, lines: mailboxLines(s), focused: f('mailbox') });
  v.tasks.update({ ...tasksTable(s), title: `tasks (${snap?.tasks.length ?? 0})`, focused: f('tasks') });
  v.loops.update({ ...loopsTable(s), title: `loops (${snap?.loops.length ?? 0})`, focused: f('loops') });
  v.events.update({ lines: eventLines(s), focused: f('events') });
  v.footer.update(footer(s));
  v.trends.update({ series: trends(s) });
  const sc: ScreenProps | null = s.view === 'lane' ? laneDetail(s) : s.view === 'adr' ? adrScreen(s) : s.view === 'brain' ? brainScreen(s) : null;
  v.screen.update(sc ? { visible: true, title: sc.title, lines: sc.tags ? sc.lines : sc.lines.map(esc), follow: s.view !== 'adr' } : { visible: false, title: '', lines: [], follow: true });
  v.toast.update(currentToast(s));
  v.help.update({ visible: s.modal.kind === 'help', lines: helpScreen() });
  v.prompt.update(formView(s));
}

/** Scroll a panel other than the fleet (whose cursor lives in the state), the open screen, or the help. */
export function scrollPanel(v: Views, panel: PanelId | 'screen' | 'help', delta: number): void {
  if (panel !== 'fleet') v[panel].scroll(delta);
}
