/**
 * Keys → intents → effects. A key is looked up in the key map for the current scope (main, help,
 * prompt); its intent becomes a reducer action, a view scroll, or a protocol request to the engine.
 * Every request's outcome is a toast: a short summary on success, the error message verbatim on
 * failure. A disabled binding only toasts why.
 */
import type { ResolveResult } from '../engine/protocol/methods.js';
import type { EngineLink } from './connection.js';
import type { KeyBinding } from './keymap.js';
import { disabledReason, openDecision, resolveKey } from './state/select.js';
import type { Store } from './state/store.js';
import type { PanelId, ToastLevel } from './state/types.js';

export interface IntentContext {
  store: Store;
  engine: Pick<EngineLink, 'request' | 'refresh'>;
  now: () => number;
  quit: () => void;
  /** Scroll a non-fleet panel by `delta` lines (view-local state). */
  scroll: (panel: PanelId, delta: number) => void;
}

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** A one-line summary of an approve/reject result. */
export function resolveSummary(verb: 'approved' | 'rejected', r: ResolveResult): string {
  const id = r.decision.id;
  if (verb === 'rejected') return `rejected ${id}`;
  const acts = r.decision.actions;
  const executed = acts.filter((a) => a.status === 'executed').length;
  const failed = acts.filter((a) => a.status === 'failed' || r.failed.includes(a.idx));
  const parts = [`approved ${id}: ${executed} of ${acts.length} action${acts.length === 1 ? '' : 's'} executed`];
  for (const f of failed) parts.push(`#${f.idx} ${f.action.kind} failed${f.error ? `: ${f.error}` : ''}`);
  return parts.join('; ');
}

function toast(ctx: IntentContext, level: ToastLevel, text: string): void {
  ctx.store.dispatch({ type: 'toast.show', level, text, at: ctx.now() });
}

/** Send a decision request with the busy marker set; toast the outcome; refresh either way. */
function send(ctx: IntentContext, busy: string, call: () => Promise<ResolveResult>, verb: 'approved' | 'rejected'): void {
  ctx.store.dispatch({ type: 'busy', what: busy });
  call().then(
    (r) => toast(ctx, r.failed.length ? 'warn' : 'ok', resolveSummary(verb, r)),
    (e: unknown) => toast(ctx, 'error', message(e)),
  ).finally(() => {
    ctx.store.dispatch({ type: 'busy', what: null });
    void ctx.engine.refresh();
  });
}

/** Carry out one binding (its guards are checked first). */
export function runIntent(ctx: IntentContext, b: KeyBinding): void {
  const s = ctx.store.getState();
  const why = disabledReason(b, s);
  if (why) { toast(ctx, 'warn', why); return; }
  const d = ctx.store.dispatch;
  switch (b.intent) {
    case 'quit': ctx.quit(); return;
    case 'help.open': d({ type: 'modal.open', modal: { kind: 'help' } }); return;
    case 'help.close': case 'prompt.cancel':
      d({ type: 'modal.close' });
      if (b.intent === 'prompt.cancel') toast(ctx, 'info', 'reject cancelled: nothing sent');
      return;
    case 'cursor.down': case 'cursor.up': {
      const delta = b.intent === 'cursor.down' ? 1 : -1;
      if (s.focus === 'fleet') d({ type: 'cursor.move', delta }); else ctx.scroll(s.focus, delta);
      return;
    }
    case 'focus.next': d({ type: 'focus.cycle', delta: 1 }); return;
    case 'focus.prev': d({ type: 'focus.cycle', delta: -1 }); return;
    case 'approve': {
      const id = openDecision(s)?.id;
      if (!id) return;
      send(ctx, `approving ${id}`, () => ctx.engine.request('decision.approve', { id }), 'approved');
      return;
    }
    case 'reject': {
      const id = openDecision(s)?.id;
      if (id) d({ type: 'modal.open', modal: { kind: 'reject', decisionId: id, text: '' } });
      return;
    }
    case 'prompt.submit': {
      if (s.modal.kind !== 'reject') return;
      const { decisionId: id, text } = s.modal;
      d({ type: 'modal.close' });
      send(ctx, `rejecting ${id}`, () => ctx.engine.request('decision.reject', { id, reason: text }), 'rejected');
      return;
    }
    case 'prompt.backspace': d({ type: 'prompt.backspace' }); return;
    case 'refresh':
      toast(ctx, 'info', 'refreshing…');
      void ctx.engine.refresh().then(() => {
        const err = ctx.store.getState().fetchError;
        toast(ctx, err ? 'error' : 'ok', err ?? 'refreshed');
      });
      return;
  }
}

/** Printable input for the reject prompt (no control characters). */
const printable = (ch: string | undefined): ch is string => !!ch && Array.from(ch).every((c) => { const n = c.codePointAt(0) ?? 0; return n >= 0x20 && n !== 0x7f; });

/** Route one keypress (`key` is blessed's `key.full`). */
export function handleKey(ctx: IntentContext, ch: string | undefined, key: string): void {
  const s = ctx.store.getState();
  const b = resolveKey(s, key);
  if (b) { runIntent(ctx, b); return; }
  if (s.modal.kind === 'reject' && printable(ch)) ctx.store.dispatch({ type: 'prompt.input', text: ch });
}
