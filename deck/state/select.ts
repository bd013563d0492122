/**
 * Pure selectors for the chrome around the panels: guards, status bar, footer, toast, help and the
 * reject prompt. Panel selectors live in select-panels.ts and select-decision.ts (re-exported here).
 */
import type { DecisionDoc } from '../../engine/protocol/decision.js';
import type { AdrRow, AskView } from '../../engine/protocol/snapshot-extras.js';
import { KEYMAP, bindingFor, keyLabel, type Guard, type KeyBinding, type KeyScope } from '../keymap.js';
import { helpLines } from '../keys-doc.js';
import { clock, esc, oneLine, paint } from './format.js';
import type { DeckState, ToastLevel } from './types.js';

export * from './select-panels.js';
export * from './select-decision.js';
export * from './select-screens.js';

/** The banner shown while no engine is connected. */
export const OFF_BANNER = 'ENGINE OFF — read-only dashboard (no approvals)';

/** True unless an engine session is open: the deck then only reads. */
export function engineOff(s: DeckState): boolean {
  return s.connection.status !== 'online';
}

/** The decision a human can still act on (pending or needs-human), if any. */
export function openDecision(s: DeckState): DecisionDoc | null {
  const d = s.snapshot?.decision ?? null;
  return d && (d.status === 'pending' || d.status === 'needs-human') ? d : null;
}

/** The ADR under the ADR screen's cursor. */
export function selectedAdr(s: DeckState): AdrRow | null {
  return s.snapshot?.adrs?.[s.adrCursor] ?? null;
}

/** The oldest outstanding ask, if any. */
export function oldestAsk(s: DeckState): AskView | null {
  return s.snapshot?.asks?.[0] ?? null;
}

const GUARDS: Record<Guard, (s: DeckState) => boolean> = {
  'engine-off': engineOff,
  'no-open-decision': (s) => openDecision(s) === null,
  busy: (s) => s.busy !== null,
  'no-lane': (s) => s.selectedLane === null,
  'not-adr-view': (s) => s.view !== 'adr',
  'no-adr': (s) => selectedAdr(s) === null,
  'adr-unlinked': (s) => !selectedAdr(s)?.linked,
  'no-ask': (s) => oldestAsk(s) === null,
  'not-in-tmux': (s) => s.ownPane === null,
};

/** Why a binding is disabled right now, or null when it is enabled. */
export function disabledReason(b: KeyBinding, s: DeckState): string | null {
  for (const d of b.disabledWhen) if (GUARDS[d.guard](s)) return d.reason;
  return null;
}

/** The key scope the state routes keys to. */
export function keyScope(s: DeckState): KeyScope {
  return s.modal.kind === 'help' ? 'help' : s.modal.kind === 'form' ? 'form' : 'main';
}

/** The binding a key triggers in the current scope. */
export function resolveKey(s: DeckState, key: string): KeyBinding | undefined {
  return bindingFor(keyScope(s), key);
}

/** After this long without an answer the status bar says the engine may be stuck (ms). */
export const BUSY_SLOW_MS = 15_000;

/** `3s`, `4m`, `2h` (whole units, floor); `-` for negatives or NaN. */
export function age(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '-';
  const sec = Math.floor(ms / 1000);
  return sec < 60 ? `${sec}s` : sec < 3600 ? `${Math.floor(sec / 60)}m` : `${Math.floor(sec / 3600)}h${String(Math.floor((sec % 3600) / 60)).padStart(2, '0')}m`;
}

function engineWord(s: DeckState): string {
  const stale = s.snapshot?.stale_pid;
  if (s.connection.status === 'offline') return paint('OFF', 'bold', 'red-fg') + (stale ? ' ' + paint(`STALE DAEMON (pid ${stale} gone)`, 'bold', 'yellow-fg') : '');
  const e = s.snapshot?.engine;
  if (!e) return paint('connecting…', 'grey-fg');
  switch (e.state) {
    case 'running': return paint('RUNNING', 'bold', 'green-fg');
    case 'paused': return paint('PAUSED', 'bold', 'yellow-fg');
    case 'backoff': return paint(`BACKOFF${e.backoff_until ? ` until ${clock(e.backoff_until)}` : ''}`, 'bold', 'yellow-fg');
    default: return paint('OFF', 'bold', 'red-fg');
  }
}

export interface StatusBarProps { line1: string; line2: string }

/** Two tagged lines: who/what/engine facts, then the OFF banner or connection notes. */
export function statusBar(s: DeckState): StatusBarProps {
  const e = s.snapshot?.engine;
  const off = engineOff(s);
  const open = openDecision(s);
  const sep = paint(' │ ', 'grey-fg');
  const parts = [
    `session ${paint(esc(s.session), 'bold')}`,
    `engine ${engineWord(s)}`,
    `mode ${esc(off ? '-' : e?.approval_mode ?? '-')}`,
    `brain ${esc(off ? '-' : e?.brain ?? '-')}`,
    `pending ${open ? paint(esc(open.id), 'bold', 'yellow-fg') : '-'}`,
  ];
  const notes: string[] = [];
  if (off && s.connection.status === 'offline') notes.push(paint(` ${OFF_BANNER} `, 'bold', 'white-fg', 'red-bg'));
  if (s.connection.error) notes.push(paint(esc(s.connection.error), 'bold', 'red-fg'));
  if (s.busy) {
    // A wedged (e.g. SIGSTOPped) engine keeps its socket open but never answers: say so rather
    // than show `pausing…` under `engine RUNNING` for ever. Nothing is retried or re-sent.
    const waited = s.busySince ? Math.max(s.now, s.receivedAt ?? 0) - s.busySince : 0;
    const slow = waited >= BUSY_SLOW_MS;
    notes.push(paint(`${esc(s.busy)}…${slow ? ` no answer for ${age(waited)} (the engine may be stuck: engine status)` : ''}`, ...(slow ? ['bold', 'yellow-fg'] : ['yellow-fg'])));
  }
  if (s.fetchError) notes.push(paint(`refresh failed: ${esc(oneLine(s.fetchError, 160))}`, 'red-fg'));
  if (!off) {
    // A clock time, not an age: the age was frozen at the last refresh, and with no change in the
    // world there is no refresh, so after an hour it still read `4s old` (like `engine status`).
    const world = e?.world_hash ? `world ${esc(e.world_hash.slice(0, 8))} since ${clock(e.world_hash_at)}` : 'world -';
    const spend = s.snapshot?.brain_spend_hour;
    notes.push(`last cycle ${e?.last_cycle ? `${clock(e.last_cycle.at)} ${esc(e.last_cycle.outcome)}` : '-'}`, world, `brain calls/h ${e?.brain_calls_hour ?? '-'}${spend !== undefined ? ` $${spend.toFixed(2)}/h` : ''}`);
    const asks = s.snapshot?.asks?.length ?? 0;
    if (asks) notes.push(paint(`${asks} ask${asks === 1 ? '' : 's'} waiting (R answers)`, 'bold', 'yellow-fg'));
  }
  const problems = s.snapshot?.problems.length ?? 0;
  if (problems) notes.push(paint(`${problems} input problem${problems === 1 ? '' : 's'} (see events)`, 'yellow-fg'));
  notes.push(paint(`refreshed ${clock(s.receivedAt)}${s.snapshot ? ` (${s.snapshot.source})` : ''}`, 'grey-fg'));
  return { line1: ' ' + parts.join(sep), line2: ' ' + notes.join(sep) };
}

/** The footer: the visible bindings of the current scope, disabled ones greyed; the focused panel. */
export function footer(s: DeckState, map: readonly KeyBinding[] = KEYMAP): string {
  const scope = keyScope(s);
  const items = map.filter((b) => b.scope === scope && b.footer).map((b) => {
    const text = `${paint(esc(keyLabel(b.keys[0] ?? '')), 'bold')} ${esc(b.label)}`;
    return disabledReason(b, s) ? paint(`${esc(keyLabel(b.keys[0] ?? ''))} ${esc(b.label)}`, 'grey-fg') : text;
  });
  const where = scope !== 'main' ? '' : s.view === 'main' ? paint(`focus: ${s.focus} `, 'grey-fg') : paint(`${s.view} screen · esc back `, 'cyan-fg');
  return ' ' + where + items.join('  ');
}

export interface ToastProps { level: ToastLevel; text: string }

/** The newest toast, or null. */
export function currentToast(s: DeckState): ToastProps | null {
  const t = s.toasts[s.toasts.length - 1];
  return t ? { level: t.level, text: t.text } : null;
}

/** Help screen lines (generated from the key map). */
export function helpScreen(map: readonly KeyBinding[] = KEYMAP): string[] {
  return helpLines(map);
}

export interface FormProps { title: string; lines: string[]; error: string | null }

/** The open form as lines (`label: value█` on the focused field, `[x]` checkboxes), or null. */
export function formView(s: DeckState): FormProps | null {
  if (s.modal.kind !== 'form') return null;
  const f = s.modal;
  const lines = f.fields.map((x, i) => {
    const mark = i === f.at ? '▸ ' : '  ';
    if (x.type === 'check') return `${mark}[${x.value ? 'x' : ' '}] ${x.label}`;
    return `${mark}${x.label}: ${oneLine(x.value, 400)}${i === f.at ? '█' : ''}`;
  });
  if (!f.fields.length) lines.push('  enter confirms · escape cancels');
  else lines.push('', 'enter send · tab next field · space toggles a checkbox · escape cancel');
  return { title: f.title, lines, error: f.error };
}
