/**
 * The deck's forms as data (spec/wiki-tasks-pm-deck.md §9.6): how each opens, and what it sends on
 * submit — an engine request, or a validation message that keeps the form open. Pure: intents.ts
 * performs the request and toasts the outcome. Nothing here touches a file or the terminal.
 */
import type { RequestMethod } from '../../engine/protocol/methods.js';
import type { FormField, FormKind, FormModal } from './types.js';

const text = (name: string, label: string, value = ''): FormField => ({ name, label, type: 'text', value });
const check = (name: string, label: string, on = false): FormField => ({ name, label, type: 'check', value: on ? 'y' : '' });
const form = (f: FormKind, title: string, target: string, fields: FormField[], extra: Partial<FormModal> = {}): FormModal => ({ kind: 'form', form: f, title, target, fields, at: 0, error: null, ...extra });

/** `N`: a one-field reason prompt (an empty reason is allowed). */
export const rejectForm = (id: string): FormModal => form('reject', `reject decision ${id}`, id, [text('reason', 'reason')]);
/** `s`: payload and two checkboxes; steers never clear context. */
export const steerForm = (lane: string): FormModal => form('steer', `steer lane ${lane}`, lane, [text('payload', 'payload'), check('interrupt', 'interrupt (Escape first)'), check('wait_ready', 'wait until lane is ready')]);
/** `d`: payload, mode and a readiness wait. */
export const dispatchForm = (lane: string): FormModal => form('dispatch', `dispatch to lane ${lane}`, lane, [text('payload', 'payload'), text('mode', 'mode (text|command)', 'text'), check('wait_ready', 'wait until lane is ready', true)]);
/** `n`: the add-lane form. */
export const addForm = (): FormModal => form('add', 'add lane', '', [text('window', 'window'), text('harness', 'harness'), text('model', 'model'), text('role', 'role'), text('brief', 'brief'), check('auto_approve', 'auto-approve')]);
/** `x`: a base lane needs its name typed; a dynamic lane is a plain confirmation. */
export const dropForm = (window: string, base: boolean): FormModal => base
  ? form('drop', `Drop BASE lane '${window}'? The substrate guard may refuse.`, window, [text('confirm', `type '${window}' to confirm`)], { base: true })
  : form('drop', `Drop lane '${window}'?`, window, [], { base: false });
/** `R`: answer an ask. */
export const answerForm = (askId: string, lane: string): FormModal => form('answer', `answer ask ${askId} (lane ${lane})`, askId, [text('text', 'answer')]);
/** `A`: the human gate for an ADR. */
export const adrAcceptForm = (id: string): FormModal => form('adr-accept', `Accept ADR ${id}? This is the human gate.`, id, []);

/** What a submitted form asks of the engine. `method` may be one another area implements (ask.answer, adr.accept). */
export interface FormRequest { method: RequestMethod | 'ask.answer' | 'adr.accept'; params: Record<string, unknown>; busy: string }
export type FormOutcome = { ok: true; request: FormRequest } | { ok: false; error: string };

const value = (f: FormModal, name: string): string => f.fields.find((x) => x.name === name)?.value ?? '';
const on = (f: FormModal, name: string): boolean => value(f, name) === 'y';
const opt = (s: string): string | undefined => (s.trim() ? s.trim() : undefined);

/** Validate a form and build its request (spec §9.6 messages: `payload is empty`, `window is required`, `name mismatch: …`). */
export function submitForm(f: FormModal): FormOutcome {
  const t = f.target;
  switch (f.form) {
    case 'reject': return { ok: true, request: { method: 'decision.reject', params: { id: t, reason: value(f, 'reason') }, busy: `rejecting ${t}` } };
    case 'steer': {
      const payload = value(f, 'payload');
      if (!payload.trim()) return { ok: false, error: 'payload is empty' };
      return { ok: true, request: { method: 'lane.steer', params: { lane: t, payload, interrupt: on(f, 'interrupt'), wait_ready: on(f, 'wait_ready') }, busy: `steering ${t}` } };
    }
    case 'dispatch': {
      const payload = value(f, 'payload');
      if (!payload.trim()) return { ok: false, error: 'payload is empty' };
      const mode = value(f, 'mode').trim() || 'text';
      if (mode !== 'text' && mode !== 'command') return { ok: false, error: `mode must be text or command (got '${mode}')` };
      return { ok: true, request: { method: 'lane.dispatch', params: { lane: t, payload, mode, wait_ready: on(f, 'wait_ready') }, busy: `dispatching to ${t}` } };
    }
    case 'add': {
      const window = value(f, 'window').trim();
      const harness = value(f, 'harness').trim();
      if (!window) return { ok: false, error: 'window is required' };
      if (!harness) return { ok: false, error: 'harness is required' };
      const params: Record<string, unknown> = { window, harness, auto_approve: on(f, 'auto_approve') };
      for (const k of ['model', 'role', 'brief'] as const) { const v = opt(value(f, k)); if (v) params[k] = v; }
      return { ok: true, request: { method: 'lane.add', params, busy: `adding lane ${window}` } };
    }
    case 'drop': {
      if (f.base && value(f, 'confirm').trim() !== t) return { ok: false, error: `name mismatch: type '${t}' exactly` };
      return { ok: true, request: { method: 'lane.drop', params: f.base ? { window: t, confirm: value(f, 'confirm').trim() } : { window: t }, busy: `dropping ${t}` } };
    }
    case 'answer': {
      const answer = value(f, 'text');
      if (!answer.trim()) return { ok: false, error: 'the answer is empty' };
      return { ok: true, request: { method: 'ask.answer', params: { ask_id: t, text: answer }, busy: `answering ${t}` } };
    }
    case 'adr-accept': return { ok: true, request: { method: 'adr.accept', params: { id: t }, busy: `accepting ADR ${t}` } };
  }
}

/** The toast for a successful request (spec §9.6 wording where it has one). */
export function successText(f: FormModal, result: unknown): string {
  const r = (result ?? {}) as { warnings?: string[]; notes?: string[]; confirmed?: boolean };
  const extra = [...(r.warnings ?? []), ...(r.notes ?? [])].join('; ');
  const tail = extra ? ` (${extra})` : '';
  switch (f.form) {
    case 'reject': return `rejected ${f.target}`;
    case 'steer': return `steered ${f.target}${tail}`;
    case 'dispatch': return `dispatched to ${f.target}${tail}`;
    case 'add': return `lane '${f.fields.find((x) => x.name === 'window')?.value.trim() ?? ''}' added${tail}`;
    case 'drop': return `lane '${f.target}' dropped`;
    case 'answer': return `answered ${f.target}`;
    case 'adr-accept': return `ADR ${f.target} accepted`;
  }
}
