/**
 * Every key binding of the deck, as data (style-anchors §2 item 13): the keys, a footer label, a
 * description, why it may be disabled, and whether the footer shows it. The `?` help screen and
 * docs/keys.md are generated from this table (keys-doc.ts), so they cannot drift from the code.
 * No blessed here: `deck --keys-doc` and gen-keys-doc.js load this without a terminal.
 */

/** Where a binding applies: the main screen, the help overlay, or the one-line reject prompt. */
export type KeyScope = 'main' | 'help' | 'prompt';

/** What a key asks for; app.ts maps each intent to a reducer action or an engine request. */
export type Intent =
  | 'quit' | 'help.open' | 'help.close' | 'cursor.down' | 'cursor.up' | 'focus.next' | 'focus.prev'
  | 'approve' | 'reject' | 'refresh' | 'prompt.submit' | 'prompt.cancel' | 'prompt.backspace';

/** Conditions under which a binding does nothing but explain itself in a toast. */
export type Guard = 'engine-off' | 'no-open-decision' | 'busy';

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
};

const DECISION_GUARDS = [
  { guard: 'engine-off', reason: 'engine is off: read-only dashboard, approvals need a running engine (engine start)' },
  { guard: 'no-open-decision', reason: 'no pending decision' },
  { guard: 'busy', reason: 'busy: wait for the request in flight to finish' },
] as const;

/** The bindings, in the order the help screen and docs list them. */
export const KEYMAP: readonly KeyBinding[] = [
  { intent: 'quit', scope: 'main', keys: ['q', 'C-c'], label: 'quit', description: 'Quit the deck (the engine keeps running).', disabledWhen: [], footer: true },
  { intent: 'help.open', scope: 'main', keys: ['?'], label: 'help', description: 'Show this help (generated from the key map).', disabledWhen: [], footer: true },
  { intent: 'cursor.down', scope: 'main', keys: ['j', 'down'], label: 'down', description: 'Move the fleet cursor down (or scroll the focused panel).', disabledWhen: [], footer: true },
  { intent: 'cursor.up', scope: 'main', keys: ['k', 'up'], label: 'up', description: 'Move the fleet cursor up (or scroll the focused panel).', disabledWhen: [], footer: true },
  { intent: 'focus.next', scope: 'main', keys: ['tab'], label: 'focus', description: 'Focus the next panel.', disabledWhen: [], footer: true },
  { intent: 'focus.prev', scope: 'main', keys: ['S-tab'], label: 'focus back', description: 'Focus the previous panel.', disabledWhen: [], footer: false },
  { intent: 'approve', scope: 'main', keys: ['y'], label: 'approve', description: 'Approve the pending decision (sends `decision.approve {id}`; the engine runs it).', disabledWhen: DECISION_GUARDS, footer: true },
  { intent: 'reject', scope: 'main', keys: ['n'], label: 'reject', description: 'Reject the pending decision: type a reason, Enter sends `decision.reject {id, reason}`.', disabledWhen: DECISION_GUARDS, footer: true },
  { intent: 'refresh', scope: 'main', keys: ['r'], label: 'refresh', description: 'Fetch a fresh snapshot now (read directly when the engine is off).', disabledWhen: [], footer: true },
  { intent: 'help.close', scope: 'help', keys: ['escape', 'q', '?'], label: 'close', description: 'Close the help screen.', disabledWhen: [], footer: true },
  { intent: 'quit', scope: 'help', keys: ['C-c'], label: 'quit', description: 'Quit the deck.', disabledWhen: [], footer: false },
  { intent: 'prompt.submit', scope: 'prompt', keys: ['enter', 'linefeed'], label: 'send', description: 'Send the rejection with the typed reason (an empty reason is allowed).', disabledWhen: [], footer: true },
  { intent: 'prompt.cancel', scope: 'prompt', keys: ['escape'], label: 'cancel', description: 'Close the prompt; nothing is sent.', disabledWhen: [], footer: true },
  { intent: 'prompt.backspace', scope: 'prompt', keys: ['backspace'], label: 'erase', description: 'Erase the last character of the reason.', disabledWhen: [], footer: false },
  { intent: 'quit', scope: 'prompt', keys: ['C-c'], label: 'quit', description: 'Quit the deck; nothing is sent.', disabledWhen: [], footer: false },
];

/** The binding for a key in a scope, if any. */
export function bindingFor(scope: KeyScope, key: string, map: readonly KeyBinding[] = KEYMAP): KeyBinding | undefined {
  return map.find((b) => b.scope === scope && b.keys.includes(key));
}

/** Human spelling of a blessed key name: `C-c` → `Ctrl-C`, `S-tab` → `Shift-Tab`, `up` → `↑`. */
export function keyLabel(key: string): string {
  const named: Record<string, string> = { up: '↑', down: '↓', tab: 'Tab', 'S-tab': 'Shift-Tab', enter: 'Enter', linefeed: 'Ctrl-J', escape: 'Esc', backspace: 'Backspace' };
  if (named[key]) return named[key];
  const ctrl = /^C-(.)$/.exec(key);
  return ctrl?.[1] ? `Ctrl-${ctrl[1].toUpperCase()}` : key;
}

/** All keys of a binding, spelled for humans: `q`, `Ctrl-C`. */
export function keysText(b: KeyBinding): string {
  return b.keys.map(keyLabel).join(', ');
}
