/**
 * Keys → intents → effects. A key is looked up in the key map for the current scope (main, help,
 * form); its intent becomes a reducer action, a view scroll, or a protocol request to the engine —
 * never anything else: the deck writes no file but its crash log (spec §9.1). Every request's
 * outcome is a toast: a short summary on success, the engine's error message verbatim on failure.
 * A disabled binding only toasts why.
 */
import type { ResolveResult } from '../engine/protocol/methods.js';
import type { EngineLink } from './connection.js';
import type { KeyBinding } from './keymap.js';
import { addForm, adrAcceptForm, answerForm, dispatchForm, dropForm, rejectForm, steerForm, submitForm, successText } from './state/forms.js';
import { disabledReason, oldestAsk, openDecision, resolveKey, selectedAdr } from './state/select.js';
import type { Store } from './state/store.js';
import type { DeckState, PanelId, ToastLevel } from './state/types.js';
import { clock } from './state/format.js';

export interface IntentContext {
  store: Store;
  engine: Pick<EngineLink, 'request' | 'call' | 'refresh'>;
  now: () => number;
  quit: () => void;
  /** Scroll a non-fleet panel (or the open screen: `screen`, or the help overlay: `help`) by `delta` lines (view-local state). */
  scroll: (panel: PanelId | 'screen' | 'help', delta: number) => void;
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

/**
 * The toast after `cycle.now` was accepted: the engine queues the cycle but holds it while paused,
 * while a decision is pending, or in a brain backoff (engine/watch/scheduler.ts `suppressed`), so
 * say what it waits for instead of promising it runs now.
 */
export function cycleQueuedText(s: DeckState): string {
  const e = s.snapshot?.engine;
  if (e?.state === 'paused') return 'cycle queued: it runs once the engine is resumed (p)';
  const open = openDecision(s);
  if (open) return `cycle queued: it runs once decision ${open.id} is approved (y) or rejected (N)`;
  if (e?.state === 'backoff') return `cycle queued: it runs after the brain backoff${e.backoff_until ? ` (until ${clock(e.backoff_until)})` : ''}`;
  return 'cycle queued: the engine runs it now';
}

function toast(ctx: IntentContext, level: ToastLevel, text: string): void {
  ctx.store.dispatch({ type: 'toast.show', level, text, at: ctx.now() });
}

/** Run one engine request with the busy marker set; toast the outcome; refresh either way. */
function send<T>(ctx: IntentContext, busy: string, call: () => Promise<T>, ok: (r: T) => [ToastLevel, string], failed?: (e: unknown) => void): void {
  ctx.store.dispatch({ type: 'busy', what: busy, at: ctx.now() });
  call().then(
    (r) => { const [level, text] = ok(r); toast(ctx, level, text); },
    (e: unknown) => { toast(ctx, 'error', message(e)); failed?.(e); },
  ).finally(() => {
    ctx.store.dispatch({ type: 'busy', what: null });
    void ctx.engine.refresh();
  });
}

function approve(ctx: IntentContext, all: boolean): void {
  const s = ctx.store.getState();
  const id = openDecision(s)?.id;
  if (!id) return;
  const actions = !all && s.markedFor === id && s.marked.length ? [...s.marked] : undefined;
  send(ctx, `approving ${id}${actions ? ` (actions ${actions.join(',')})` : ''}`, () => ctx.engine.request('decision.approve', actions ? { id, actions } : { id }), (r) => [r.failed.length ? 'warn' : 'ok', resolveSummary('approved', r)]);
}

function submit(ctx: IntentContext): void {
  const s = ctx.store.getState();
  if (s.modal.kind !== 'form') return;
  const f = s.modal;
  const out = submitForm(f);
  if (!out.ok) { ctx.store.dispatch({ type: 'form.error', error: out.error }); return; }
  ctx.store.dispatch({ type: 'modal.close' });
  const { method, params, busy } = out.request;
  // A refused or unsent request gives back the form with what was typed (a long steer or brief
  // is not lost to an engine restart or a lane that was not ready); confirmations just toast.
  const keep = f.form !== 'drop' && f.form !== 'adr-accept';
  send(ctx, busy, () => ctx.engine.call(method, params), (r) => ['ok', successText(f, r)], (e) => {
    if (keep && ctx.store.getState().modal.kind === 'none') ctx.store.dispatch({ type: 'modal.open', modal: { ...f, error: `not done: ${message(e)}` } });
  });
}

/** The cursor keys: fleet row, decision action, ADR row, or scrolling. */
function cursor(ctx: IntentContext, delta: 1 | -1): void {
  const s = ctx.store.getState();
  const d = ctx.store.dispatch;
  if (s.modal.kind === 'help') ctx.scroll('help', delta);
  else if (s.view === 'adr') d({ type: 'adr.cursor', delta });
  else if (s.view !== 'main') ctx.scroll('screen', delta);
  else if (s.focus === 'fleet') d({ type: 'cursor.move', delta });
  else if (s.focus === 'decision' && openDecision(s)) d({ type: 'action.cursor', delta });
  else ctx.scroll(s.focus, delta);
}

/** Carry out one binding (its guards are checked first). */
export function runIntent(ctx: IntentContext, b: KeyBinding): void {
  const s = ctx.store.getState();
  const why = disabledReason(b, s);
  if (why) { toast(ctx, 'warn', why); return; }
  const d = ctx.store.dispatch;
  const lane = s.selectedLane ?? '';
  switch (b.intent) {
    case 'quit': ctx.quit(); return;
    case 'help.open': d({ type: 'modal.open', modal: { kind: 'help' } }); return;
    case 'help.close': d({ type: 'modal.close' }); return;
    case 'form.cancel': d({ type: 'modal.close' }); toast(ctx, 'info', 'cancelled: nothing sent'); return;
    case 'cursor.down': cursor(ctx, 1); return;
    case 'cursor.up': cursor(ctx, -1); return;
    case 'focus.next': d({ type: 'focus.cycle', delta: 1 }); return;
    case 'focus.prev': d({ type: 'focus.cycle', delta: -1 }); return;
    case 'back': d({ type: 'view.set', view: 'main' }); return;
    case 'lane.open': d({ type: 'view.set', view: 'lane' }); return;
    case 'adr.view': d({ type: 'view.set', view: 'adr' }); return;
    case 'brain.view': d({ type: 'view.set', view: 'brain' }); return;
    case 'approve': approve(ctx, false); return;
    case 'approve.all': approve(ctx, true); return;
    case 'action.mark': d({ type: 'action.mark' }); return;
    case 'reject': { const id = openDecision(s)?.id; if (id) d({ type: 'modal.open', modal: rejectForm(id) }); return; }
    case 'steer': d({ type: 'modal.open', modal: steerForm(lane) }); return;
    case 'dispatch': d({ type: 'modal.open', modal: dispatchForm(lane) }); return;
    case 'lane.add': d({ type: 'modal.open', modal: addForm() }); return;
    case 'lane.drop': d({ type: 'modal.open', modal: dropForm(lane, s.snapshot?.lanes.find((l) => l.lane === lane)?.kind !== 'dynamic') }); return;
    case 'answer': { const a = oldestAsk(s); if (a) d({ type: 'modal.open', modal: answerForm(a.id, a.lane) }); return; }
    case 'adr.accept': { const a = selectedAdr(s); if (a) d({ type: 'modal.open', modal: adrAcceptForm(a.id) }); return; }
    case 'lane.focus':
      send(ctx, `jumping to ${lane}`, () => ctx.engine.request('lane.focus', { lane, from_pane: s.ownPane ?? undefined }), (r) => ['ok', `jumped to ${lane} (${r.target})`]);
      return;
    case 'cycle':
      toast(ctx, 'info', 'cycle requested…');
      send(ctx, 'requesting a cycle', () => ctx.engine.request('cycle.now', {}), () => ['ok', cycleQueuedText(ctx.store.getState())]);
      return;
    case 'pause': {
      const paused = s.snapshot?.engine.state === 'paused';
      send(ctx, paused ? 'resuming' : 'pausing', () => ctx.engine.request(paused ? 'engine.resume' : 'engine.pause', {}), (r) => ['ok', r.paused ? 'engine paused (observation continues)' : 'engine resumed']);
      return;
    }
    case 'form.submit': submit(ctx); return;
    case 'form.next': d({ type: 'form.field', delta: 1 }); return;
    case 'form.prev': d({ type: 'form.field', delta: -1 }); return;
    case 'form.backspace': d({ type: 'form.backspace' }); return;
    case 'refresh':
      toast(ctx, 'info', 'refreshing…');
      void ctx.engine.refresh().then(() => {
        const err = ctx.store.getState().fetchError;
        toast(ctx, err ? 'error' : 'ok', err ?? 'refreshed');
      });
      return;
  }
}

/** Printable input for a form (no control characters). */
const printable = (ch: string | undefined): ch is string => !!ch && Array.from(ch).every((c) => { const n = c.codePointAt(0) ?? 0; return n >= 0x20 && n !== 0x7f; });

/** Route one keypress (`key` is blessed's `key.full`). In a form, unbound printable keys are typed. */
export function handleKey(ctx: IntentContext, ch: string | undefined, key: string): void {
  const s = ctx.store.getState();
  const b = resolveKey(s, key);
  if (b) { runIntent(ctx, b); return; }
  if (s.modal.kind === 'form' && printable(ch)) ctx.store.dispatch({ type: 'form.input', text: ch });
}
