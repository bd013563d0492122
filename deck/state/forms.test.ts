import { describe, expect, it } from 'vitest';
import { addForm, adrAcceptForm, answerForm, dispatchForm, dropForm, rejectForm, steerForm, submitForm, successText } from './forms.js';
import type { FormModal } from './types.js';

const fill = (f: FormModal, values: Record<string, string>): FormModal => ({ ...f, fields: f.fields.map((x) => (x.name in values ? { ...x, value: values[x.name] ?? '' } : x)) });

describe('forms', () => {
  it('reject allows an empty reason', () => {
    expect(submitForm(rejectForm('d-1'))).toEqual({ ok: true, request: { method: 'decision.reject', params: { id: 'd-1', reason: '' }, busy: 'rejecting d-1' } });
  });

  it('steer and dispatch need a payload; dispatch checks the mode', () => {
    expect(submitForm(steerForm('web'))).toEqual({ ok: false, error: 'payload is empty' });
    expect(submitForm(fill(steerForm('web'), { payload: 'hi', wait_ready: 'y' }))).toMatchObject({ ok: true, request: { method: 'lane.steer', params: { lane: 'web', payload: 'hi', interrupt: false, wait_ready: true } } });
    expect(submitForm(fill(dispatchForm('web'), { payload: 'x', mode: 'shell' }))).toEqual({ ok: false, error: "mode must be text or command (got 'shell')" });
    expect(submitForm(fill(dispatchForm('web'), { payload: 'make', mode: 'command' }))).toMatchObject({ ok: true, request: { method: 'lane.dispatch', params: { lane: 'web', payload: 'make', mode: 'command', wait_ready: true } } });
  });

  it('add-lane requires window and harness and sends only the filled optional fields', () => {
    expect(submitForm(addForm())).toEqual({ ok: false, error: 'window is required' });
    expect(submitForm(fill(addForm(), { window: 'w' }))).toEqual({ ok: false, error: 'harness is required' });
    expect(submitForm(fill(addForm(), { window: ' w ', harness: 'demo', role: 'r', auto_approve: 'y' }))).toMatchObject({ ok: true, request: { method: 'lane.add', params: { window: 'w', harness: 'demo', role: 'r', auto_approve: true } } });
  });

  it('drop: base lanes need the exact name; dynamic lanes a plain confirmation; never force', () => {
    expect(submitForm(fill(dropForm('web', true), { confirm: 'Web' }))).toEqual({ ok: false, error: "name mismatch: type 'web' exactly" });
    const ok = submitForm(fill(dropForm('web', true), { confirm: ' web ' }));
    expect(ok).toMatchObject({ ok: true, request: { method: 'lane.drop', params: { window: 'web', confirm: 'web' } } });
    expect(JSON.stringify(ok)).not.toContain('force');
    expect(submitForm(dropForm('extra', false))).toMatchObject({ ok: true, request: { params: { window: 'extra' } } });
  });

  it('answers and ADR acceptance go to the methods other areas implement', () => {
    expect(submitForm(answerForm('d-1-0', 'web'))).toEqual({ ok: false, error: 'the answer is empty' });
    expect(submitForm(fill(answerForm('d-1-0', 'web'), { text: 'yes' }))).toMatchObject({ ok: true, request: { method: 'ask.answer', params: { ask_id: 'd-1-0', text: 'yes' } } });
    expect(submitForm(adrAcceptForm('0002'))).toMatchObject({ ok: true, request: { method: 'adr.accept', params: { id: '0002' } } });
    expect(successText(fill(addForm(), { window: 'w2' }), { notes: ['note: x'] })).toBe("lane 'w2' added (note: x)");
    expect(successText(dropForm('x', false), {})).toBe("lane 'x' dropped");
  });
});
