/**
 * The deck's pure reducer: (state, action) → state. No I/O, no clock (times arrive in actions).
 * A no-op returns the very same object, so the render scheduler can skip unchanged frames.
 */
import type { LaneRow, Snapshot } from '../../engine/protocol/snapshot.js';
import type { DeckAction } from './actions.js';
import { reduceUi } from './reduce-ui.js';
import { FOCUS_ORDER, type DeckState, type Toast, type ToastLevel } from './types.js';

/** How long a toast stays up, by level (ms). Errors stay longer: they are verbatim and matter. */
export const TOAST_TTL: Record<ToastLevel, number> = { info: 3000, ok: 4000, warn: 5000, error: 10_000 };
const MAX_TOASTS = 5;

const clamp = (n: number, lo: number, hi: number): number => Math.max(lo, Math.min(hi, n));

/** Keep the selected lane selected across a refresh; when it vanished, keep the row index (clamped). */
function follow(state: DeckState, snap: Snapshot): { cursor: number; selectedLane: string | null } {
  const lanes = snap.lanes;
  if (!lanes.length) return { cursor: 0, selectedLane: null };
  const at = state.selectedLane === null ? -1 : lanes.findIndex((l) => l.lane === state.selectedLane);
  const cursor = at >= 0 ? at : clamp(state.cursor, 0, lanes.length - 1);
  return { cursor, selectedLane: lanes[cursor]?.lane ?? null };
}

/** Record status changes the deck saw itself (first sight has no known change time). */
function trackSince(prev: DeckState['laneSince'], snap: Snapshot, at: string): DeckState['laneSince'] {
  const next: DeckState['laneSince'] = {};
  for (const l of snap.lanes) {
    const p = prev[l.lane];
    next[l.lane] = !p ? { status: l.status, since: null } : p.status !== l.status ? { status: l.status, since: at } : p;
  }
  return next;
}

/** The fleet cells whose change the deck highlights. */
export const TRACKED_CELLS = ['status', 'harness', 'role', 'restarts'] as const;

const cellValue = (snap: Snapshot, row: LaneRow, c: (typeof TRACKED_CELLS)[number]): string =>
  (c === 'restarts' ? String(snap.restarts?.[row.lane] ?? 0) : String(row[c] ?? ''));

/** When each cell last changed, as the deck saw it between two snapshots (first sight: no change). */
function trackCells(prev: Snapshot | null, old: DeckState['cellChanged'], snap: Snapshot, at: number): DeckState['cellChanged'] {
  const out: DeckState['cellChanged'] = {};
  const before = new Map((prev?.lanes ?? []).map((l) => [l.lane, l]));
  for (const l of snap.lanes) {
    const p = before.get(l.lane);
    let next = old[l.lane] ?? {};
    if (p && prev) {
      for (const c of TRACKED_CELLS) if (cellValue(prev, p, c) !== cellValue(snap, l, c)) next = { ...next, [c]: at };
    }
    out[l.lane] = next;
  }
  return out;
}

function received(state: DeckState, snap: Snapshot, at: number): DeckState {
  const sel = follow(state, snap);
  const paneReset = sel.selectedLane !== state.pane.lane;
  const did = snap.decision?.id ?? null;
  const keepMarks = did !== null && did === state.markedFor;
  return {
    ...state, ...sel, snapshot: snap, receivedAt: at, fetchError: null,
    laneSince: trackSince(state.laneSince, snap, new Date(at).toISOString()),
    cellChanged: trackCells(state.snapshot, state.cellChanged, snap, at),
    marked: keepMarks ? state.marked.filter((i) => snap.decision?.actions.some((a) => a.idx === i && a.status === 'awaiting-approval')) : [],
    markedFor: keepMarks ? state.markedFor : did,
    actionCursor: did === (state.snapshot?.decision?.id ?? null) ? Math.min(state.actionCursor, Math.max(0, (snap.decision?.actions.length ?? 1) - 1)) : 0,
    adrCursor: Math.min(state.adrCursor, Math.max(0, (snap.adrs?.length ?? 1) - 1)),
    pane: paneReset ? { lane: sel.selectedLane, text: '', capturedAt: null, error: null } : state.pane,
  };
}

function laneChanged(state: DeckState, lane: string, to: string, at: string): DeckState {
  const snap = state.snapshot;
  if (!snap || !snap.lanes.some((l) => l.lane === lane && l.status !== to)) return state;
  const lanes = snap.lanes.map((l) => (l.lane === lane ? { ...l, status: to, changed_at: at } : l));
  return { ...state, snapshot: { ...snap, lanes }, laneSince: { ...state.laneSince, [lane]: { status: to, since: at } } };
}

function moveCursor(state: DeckState, delta: number): DeckState {
  const lanes = state.snapshot?.lanes ?? [];
  if (!lanes.length) return state;
  const cursor = clamp(state.cursor + delta, 0, lanes.length - 1);
  const selectedLane = lanes[cursor]?.lane ?? null;
  if (cursor === state.cursor && selectedLane === state.selectedLane) return state;
  return { ...state, cursor, selectedLane, pane: { lane: selectedLane, text: '', capturedAt: null, error: null } };
}

function showToast(state: DeckState, level: ToastLevel, text: string, at: number, ttlMs?: number): DeckState {
  const t: Toast = { id: state.nextToastId, level, text, at, ttlMs: ttlMs ?? TOAST_TTL[level] };
  return { ...state, toasts: [...state.toasts, t].slice(-MAX_TOASTS), nextToastId: state.nextToastId + 1 };
}


/** Apply one action. */
export function reduce(state: DeckState, action: DeckAction): DeckState {
  switch (action.type) {
    case 'snapshot.received': return received(state, action.snapshot, action.at);
    case 'snapshot.failed': return state.fetchError === action.error ? state : { ...state, fetchError: action.error };
    case 'connection.changed': {
      const c = { status: action.status, error: action.error ?? null, mismatch: action.mismatch ?? false };
      const same = c.status === state.connection.status && c.error === state.connection.error && c.mismatch === state.connection.mismatch;
      return same ? state : { ...state, connection: c };
    }
    case 'lane.changed': return laneChanged(state, action.lane, action.to, action.at);
    case 'cursor.move': return moveCursor(state, action.delta);
    case 'focus.cycle': {
      const i = FOCUS_ORDER.indexOf(state.focus);
      const n = FOCUS_ORDER.length;
      return { ...state, focus: FOCUS_ORDER[(i + action.delta + n) % n] ?? 'fleet' };
    }
    case 'focus.set': return state.focus === action.panel ? state : { ...state, focus: action.panel };
    case 'modal.open': return { ...state, modal: action.modal };
    case 'modal.close': return state.modal.kind === 'none' ? state : { ...state, modal: { kind: 'none' } };
    case 'toast.show': return showToast(state, action.level, action.text, action.at, action.ttlMs);
    case 'toast.expire': {
      const toasts = state.toasts.filter((t) => t.at + t.ttlMs > action.now);
      return toasts.length === state.toasts.length ? state : { ...state, toasts };
    }
    case 'pane.captured':
      if (action.lane !== state.selectedLane) return state;
      if (state.pane.lane === action.lane && state.pane.text === action.text && !state.pane.error) return state;
      return { ...state, pane: { lane: action.lane, text: action.text, capturedAt: action.at, error: null } };
    case 'pane.failed':
      if (action.lane !== state.selectedLane || state.pane.error === action.error) return state;
      return { ...state, pane: { ...state.pane, lane: action.lane, error: action.error } };
    case 'busy': return state.busy === action.what ? state : { ...state, busy: action.what, busySince: action.what ? action.at ?? null : null };
    default: return reduceUi(state, action) ?? state;
  }
}
