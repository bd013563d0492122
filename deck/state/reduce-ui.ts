/**
 * Reducer cases for forms, views, the action/ADR cursors and marks, the clock and the transcript
 * (reduce.ts delegates here). Pure; a no-op returns the very same state object.
 */
import type { DeckAction } from './actions.js';
import type { DeckState, FormModal } from './types.js';

const MAX_FIELD = 8000;
/** The transcript kept in memory (bytes of text, the tail wins). */
export const TRANSCRIPT_KEEP = 64 * 1024;

const clamp = (n: number, lo: number, hi: number): number => Math.max(lo, Math.min(hi, n));
const dropLast = (s: string): string => Array.from(s).slice(0, -1).join('');

function editForm(state: DeckState, edit: (f: FormModal) => FormModal | null): DeckState {
  if (state.modal.kind !== 'form') return state;
  const next = edit(state.modal);
  return next && next !== state.modal ? { ...state, modal: next } : state;
}

function setField(f: FormModal, value: (v: string, type: 'text' | 'check') => string): FormModal | null {
  const cur = f.fields[f.at];
  if (!cur) return null;
  const v = value(cur.value, cur.type);
  if (v === cur.value) return null;
  return { ...f, error: null, fields: f.fields.map((x, i) => (i === f.at ? { ...x, value: v } : x)) };
}

/** Apply a UI action, or return undefined when `action` is not one of these. */
export function reduceUi(state: DeckState, action: DeckAction): DeckState | undefined {
  switch (action.type) {
    case 'form.input':
      return editForm(state, (f) => setField(f, (v, type) => {
        if (type === 'check') return action.text === ' ' ? (v ? '' : 'y') : v;
        return Array.from(v + action.text).slice(0, MAX_FIELD).join('');
      }));
    case 'form.backspace': return editForm(state, (f) => setField(f, (v, type) => (type === 'text' ? dropLast(v) : v)));
    case 'form.toggle': return editForm(state, (f) => setField(f, (v, type) => (type === 'check' ? (v ? '' : 'y') : v)));
    case 'form.field': return editForm(state, (f) => (f.fields.length < 2 ? null : { ...f, at: (f.at + action.delta + f.fields.length) % f.fields.length }));
    case 'form.error': return editForm(state, (f) => (f.error === action.error ? null : { ...f, error: action.error }));
    case 'view.set': return state.view === action.view ? state : { ...state, view: action.view };
    case 'tick': return state.now === action.now ? state : { ...state, now: action.now };
    case 'action.cursor': {
      const n = state.snapshot?.decision?.actions.length ?? 0;
      const c = clamp(state.actionCursor + action.delta, 0, Math.max(0, n - 1));
      return c === state.actionCursor ? state : { ...state, actionCursor: c };
    }
    case 'action.mark': {
      const d = state.snapshot?.decision;
      const rec = d?.actions[state.actionCursor];
      if (!d || !rec || rec.status !== 'awaiting-approval') return state;
      const marked = state.marked.includes(rec.idx) ? state.marked.filter((i) => i !== rec.idx) : [...state.marked, rec.idx].sort((a, b) => a - b);
      return { ...state, marked, markedFor: d.id };
    }
    case 'adr.cursor': {
      const n = state.snapshot?.adrs?.length ?? 0;
      const c = clamp(state.adrCursor + action.delta, 0, Math.max(0, n - 1));
      return c === state.adrCursor ? state : { ...state, adrCursor: c };
    }
    case 'transcript.chunk': {
      if (!action.text && action.path === state.transcript.path) return state;
      const same = action.path === state.transcript.path;
      const joined = (same ? state.transcript.text : '') + action.text;
      const text = joined.length > TRANSCRIPT_KEEP ? joined.slice(joined.length - TRANSCRIPT_KEEP) : joined;
      return { ...state, transcript: { path: action.path, text, at: action.at, bytes: (same ? state.transcript.bytes : 0) + Buffer.byteLength(action.text) } };
    }
    default: return undefined;
  }
}
