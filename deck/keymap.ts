/**
 * Every key binding of the deck, as data (style-anchors §2 item 13): the keys, a footer label, a
 * description, why it may be disabled, and whether the footer shows it. The `?` help screen and
 * docs/keys.md are generated from this table (keys-doc.ts), so they cannot drift from the code.
 * No blessed here: `deck --keys-doc` and gen-keys-doc.js load this without a terminal.
 */

/** Where a binding applies: the screens (main, lane detail, ADRs, brain), the help overlay, or a form. */
export type KeyScope = 'main' | 'help' | 'form';

/** What a key asks for; intents.ts maps each intent to a reducer action or an engine request. */
export type Intent =
  | 'quit' | 'help.open' | 'help.close' | 'cursor.down' | 'cursor.up' | 'focus.next' | 'focus.prev' | 'back'
  | 'approve' | 'approve.all' | 'action.mark' | 'reject' | 'refresh' | 'steer' | 'dispatch' | 'lane.add' | 'lane.drop'
  | 'lane.focus' | 'lane.open' | 'cycle' | 'pause' | 'answer' | 'adr.view' | 'adr.accept' | 'brain.view'
  | 'form.submit' | 'form.cancel' | 'form.next' | 'form.prev' | 'form.backspace';

/** Conditions under which a binding does nothing but explain itself in a toast. */
export type Guard = 'engine-off' | 'no-open-decision' | 'busy' | 'no-lane' | 'not-adr-view' | 'no-adr' | 'adr-unlinked' | 'no-ask' | 'not-in-tmux';

export interface KeyBinding {
  intent: Intent;
  scope: KeyScope;
  /** blessed key names (`key.full`): `q`, `C-c`, `tab`, `S-tab`, `up`, `enter`, `escape`, … */
  keys: readonly string[];
  /** Short footer text, e.g. `approve`. */
  label: string;
  description: string;
  /** Checked in order; the first that holds becomes the toast and the footer greys the key. */
  disabledWhen: ReadonlyArray<{ guard: Guard; reason: string }>;
  footer: boolean;
}

/** What each guard means, for docs/keys.md. */
export const GUARD_DOC: Record<Guard, string> = {
  'engine-off': 'engine off (read-only dashboard)',
  'no-open-decision': 'no pending decision',
  busy: 'a request in flight',
  'no-lane': 'no lane selected',
  'not-adr-view': 'not on the ADR screen',
  'no-adr': 'no ADR under the cursor',
  'adr-unlinked': 'the ADR lacks a verify record or a rollback',
  'no-ask': 'no outstanding ask',
  'not-in-tmux': 'the deck is not running inside tmux',
};

const OFF = { guard: 'engine-off', reason: 'engine is off: read-only dashboard, changes need a running engine (engine start)' } as const;
const BUSY = { guard: 'busy', reason: 'busy: wait for the request in flight to finish' } as const;
const NO_LANE = { guard: 'no-lane', reason: 'no lane selected' } as const;
const DECISION_GUARDS = [OFF, { guard: 'no-open-decision', reason: 'no pending decision' }, BUSY] as const;
const LANE_GUARDS = [OFF, NO_LANE, BUSY] as const;

type B = KeyBinding;
const k = (intent: Intent, scope: KeyScope, keys: string[], label: string, description: string, disabledWhen: B['disabledWhen'] = [], footer = true): B => ({ intent, scope, keys, label, description, disabledWhen, footer });

/** The bindings, in the order the help screen and docs list them (spec/wiki-tasks-pm-deck.md §9.6). */
export const KEYMAP: readonly KeyBinding[] = [
  k('quit', 'main', ['q', 'C-c'], 'quit', 'Quit the deck (the engine keeps running).'),
  k('help.open', 'main', ['?'], 'help', 'Show this help (generated from the key map).'),
  k('cursor.down', 'main', ['j', 'down'], 'down', 'Move the cursor down: fleet row, decision action, ADR row (or scroll the focused panel / screen).', [], false),
  k('cursor.up', 'main', ['k', 'up'], 'up', 'Move the cursor up (or scroll).', [], false),
  k('focus.next', 'main', ['tab'], 'focus', 'Focus the next panel.', [], false),
  k('focus.prev', 'main', ['S-tab'], 'focus back', 'Focus the previous panel.', [], false),
  k('lane.open', 'main', ['enter'], 'detail', 'Open the lane detail screen of the selected lane (meta line and its live pane tail).', [NO_LANE], false),
  k('back', 'main', ['escape'], 'back', 'Close the lane detail, ADR or brain screen; back to the dashboard.', [], false),
  k('approve', 'main', ['y'], 'approve', 'Approve the pending decision: the marked actions only when some are marked (space), else all of them (`decision.approve {id, actions?}`); the engine runs them.', DECISION_GUARDS),
  k('approve.all', 'main', ['S-y'], 'approve all', 'Approve every action of the pending decision, ignoring marks.', DECISION_GUARDS, false),
  k('action.mark', 'main', ['space'], 'mark', 'In the decision panel (tab to it; j/k pick an action): mark or unmark the action for "approve selected". Not while the engine is off: the decision shown then is read-only.', [OFF, { guard: 'no-open-decision', reason: 'no pending decision' }], false),
  k('reject', 'main', ['S-n'], 'reject', 'Reject the pending decision: type a reason (may be empty), Enter sends `decision.reject {id, reason}`.', DECISION_GUARDS),
  k('steer', 'main', ['s'], 'steer', 'Steer the selected lane: payload, "interrupt (Escape first)", "wait until ready"; sends `lane.steer` (never clears context).', LANE_GUARDS),
  k('dispatch', 'main', ['d'], 'dispatch', 'Dispatch work to the selected lane: payload, mode (text, or command), "wait until ready"; sends `lane.dispatch`.', LANE_GUARDS),
  k('lane.add', 'main', ['n'], 'add lane', 'Add a lane: window and harness (required), model, role, brief, auto-approve; sends `lane.add` (the brief goes strictly after the lane is up).', [OFF, BUSY]),
  k('lane.drop', 'main', ['x'], 'drop', 'Drop the selected lane after a confirmation; a base lane needs its name typed exactly. Never forced: the substrate\'s refusal is shown verbatim (`lane.drop`).', LANE_GUARDS),
  k('lane.focus', 'main', ['g'], 'jump', 'Jump to the selected lane in tmux (`lane.focus`: the engine selects its window and pane, and switches this client).', [OFF, NO_LANE, { guard: 'not-in-tmux', reason: 'not inside tmux (use attach instead)' }], false),
  k('cycle', 'main', ['c'], 'cycle', 'Run a checkpoint cycle now (`cycle.now`: observe, ingest, checkpoint, brain, gate).', [OFF, BUSY]),
  k('pause', 'main', ['p'], 'pause/resume', 'Pause the engine, or resume it when paused (`engine.pause` / `engine.resume`; observation continues while paused).', [OFF, BUSY]),
  k('answer', 'main', ['S-r'], 'answer', 'Answer the oldest outstanding ask of a lane (`ask.answer {ask_id, text}`).', [OFF, { guard: 'no-ask', reason: 'no outstanding ask' }, BUSY]),
  k('adr.view', 'main', ['a'], 'ADRs', 'Open the ADR ledger screen (id, status, links, title).'),
  k('adr.accept', 'main', ['S-a'], 'accept ADR', 'On the ADR screen: accept the ADR under the cursor after a confirmation (`adr.accept {id}`); only when its verify record and rollback (or canary) are linked.', [OFF, { guard: 'not-adr-view', reason: 'open the ADR screen first (a)' }, { guard: 'no-adr', reason: 'no ADR selected' }, { guard: 'adr-unlinked', reason: 'not linked: the ADR needs a verify_record and a rollback (or canary_record) first' }, BUSY], false),
  k('brain.view', 'main', ['b'], 'brain', 'Open the brain transcript screen: the transcript streams live while the brain runs.'),
  k('refresh', 'main', ['r'], 'refresh', 'Fetch a fresh snapshot now (read directly when the engine is off).'),
  k('help.close', 'help', ['escape', 'q', '?'], 'close', 'Close the help screen.'),
  k('cursor.down', 'help', ['j', 'down'], 'down', 'Scroll the help down (it is longer than a small terminal).', [], false),
  k('cursor.up', 'help', ['k', 'up'], 'up', 'Scroll the help up.', [], false),
  k('quit', 'help', ['C-c'], 'quit', 'Quit the deck.', [], false),
  k('form.submit', 'form', ['enter'], 'send', 'Submit the form (validation errors keep it open; the engine\'s answer becomes a toast; a refused steer, dispatch, add, answer or reject comes back with what was typed).'),
  k('form.cancel', 'form', ['escape'], 'cancel', 'Close the form; nothing is sent.'),
  k('form.next', 'form', ['tab', 'down'], 'next field', 'Move to the next field.'),
  k('form.prev', 'form', ['S-tab', 'up'], 'previous field', 'Move to the previous field.', [], false),
  k('form.backspace', 'form', ['backspace'], 'erase', 'Erase the last character of the field.', [], false),
  k('quit', 'form', ['C-c'], 'quit', 'Quit the deck; nothing is sent.', [], false),
];

/** The binding for a key in a scope, if any. */
export function bindingFor(scope: KeyScope, key: string, map: readonly KeyBinding[] = KEYMAP): KeyBinding | undefined {
  return map.find((b) => b.scope === scope && b.keys.includes(key));
}

/** Human spelling of a blessed key name: `C-c` → `Ctrl-C`, `S-tab` → `Shift-Tab`, `S-y` → `Y`, `up` → `↑`. */
export function keyLabel(key: string): string {
  const named: Record<string, string> = { up: '↑', down: '↓', tab: 'Tab', 'S-tab': 'Shift-Tab', enter: 'Enter', linefeed: 'Ctrl-J', escape: 'Esc', backspace: 'Backspace', space: 'Space' };
  if (named[key]) return named[key];
  const upper = /^S-([a-z])$/.exec(key);
  if (upper?.[1]) return upper[1].toUpperCase();
  const ctrl = /^C-(.)$/.exec(key);
  return ctrl?.[1] ? `Ctrl-${ctrl[1].toUpperCase()}` : key;
}

/** All keys of a binding, spelled for humans: `q`, `Ctrl-C`. */
export function keysText(b: KeyBinding): string {
  return b.keys.map(keyLabel).join(', ');
}
