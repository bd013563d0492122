/**
 * Pure selectors for the chrome around the panels: guards, status bar, footer, toast, help and the
 * reject prompt. Panel selectors live in select-panels.ts and select-decision.ts (re-exported here).
 */
import type { DecisionDoc } from '../../engine/protocol/decision.js';
import { KEYMAP, bindingFor, keyLabel, type Guard, type KeyBinding, type KeyScope } from '../keymap.js';
import { helpLines } from '../keys-doc.js';
import { clock, esc, oneLine, paint } from './format.js';
import type { DeckState, ToastLevel } from './types.js';

export * from './select-panels.js';
export * from './select-decision.js';

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

const GUARDS: Record<Guard, (s: DeckState) => boolean> = {
  'engine-off': engineOff,
  'no-open-decision': (s) => openDecision(s) === null,
  busy: (s) => s.busy !== null,
};

/** Why a binding is disabled right now, or null when it is enabled. */
export function disabledReason(b: KeyBinding, s: DeckState): string | null {
  for (const d of b.disabledWhen) if (GUARDS[d.guard](s)) return d.reason;
  return null;
}

/** The key scope the state routes keys to. */
export function keyScope(s: DeckState): KeyScope {
  return s.modal.kind === 'help' ? 'help' : s.modal.kind === 'reject' ? 'prompt' : 'main';
}

/** The binding a key triggers in the current scope. */
export function resolveKey(s: DeckState, key: string): KeyBinding | undefined {
  return bindingFor(keyScope(s), key);
}

function engineWord(s: DeckState): string {
  if (s.connection.status === 'offline') return paint('OFF', 'bold', 'red-fg');
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
  if (s.busy) notes.push(paint(`${esc(s.busy)}…`, 'yellow-fg'));
  if (s.fetchError) notes.push(paint(`refresh failed: ${esc(oneLine(s.fetchError, 160))}`, 'red-fg'));
  if (!off) notes.push(`last cycle ${e?.last_cycle ? `${clock(e.last_cycle.at)} ${esc(e.last_cycle.outcome)}` : '-'}`, `brain calls/h ${e?.brain_calls_hour ?? '-'}`);
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
  const where = scope === 'main' ? paint(`  focus: ${s.focus}`, 'grey-fg') : '';
  return ' ' + items.join('  ') + where;
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

export interface PromptProps { title: string; text: string }

/** The reject prompt, or null when it is closed. */
export function rejectPrompt(s: DeckState): PromptProps | null {
  return s.modal.kind === 'reject' ? { title: `reject decision ${s.modal.decisionId}`, text: s.modal.text } : null;
}
