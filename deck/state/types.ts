/**
 * The deck's whole state: the engine's read model (the last snapshot) plus UI state — focus, the
 * fleet cursor, the open modal, toasts, the pane tail and the connection. Plain data only, so the
 * reducer and selectors can be tested with literal objects.
 */
import type { Snapshot } from '../../engine/protocol/snapshot.js';

/** Panels that can take focus, in `tab` order. */
export const FOCUS_ORDER = ['fleet', 'decision', 'pane', 'mailbox', 'tasks', 'loops', 'events'] as const;
export type PanelId = (typeof FOCUS_ORDER)[number];

/** `connecting` until the first attempt settles; `online` while an engine session is open. */
export type ConnectionStatus = 'connecting' | 'online' | 'offline';

export interface ConnectionInfo {
  status: ConnectionStatus;
  /** Shown plainly in the status bar (e.g. a protocol mismatch); null when there is nothing to say. */
  error: string | null;
  /** True when the engine speaks another protocol major: the deck stays a read-only dashboard. */
  mismatch: boolean;
}

export type Modal =
  | { kind: 'none' }
  | { kind: 'help' }
  | { kind: 'reject'; decisionId: string; text: string };

export type ToastLevel = 'info' | 'ok' | 'warn' | 'error';

export interface Toast { id: number; level: ToastLevel; text: string; at: number; ttlMs: number }

export interface PaneTail {
  lane: string | null;
  text: string;
  /** ISO time of the capture this text came from. */
  capturedAt: string | null;
  error: string | null;
}

export interface DeckState {
  session: string;
  root: string;
  snapshot: Snapshot | null;
  /** Epoch ms when the last snapshot was applied. */
  receivedAt: number | null;
  /** The last snapshot fetch failure (cleared by the next success). */
  fetchError: string | null;
  connection: ConnectionInfo;
  focus: PanelId;
  /** Index into `snapshot.lanes`; follows `selectedLane` across refreshes (clamped). */
  cursor: number;
  selectedLane: string | null;
  modal: Modal;
  toasts: Toast[];
  nextToastId: number;
  pane: PaneTail;
  /** Status changes the deck saw itself, for lanes whose snapshot row has no `changed_at`. */
  laneSince: Record<string, { status: string; since: string | null }>;
  /** A request in flight (e.g. `approve d-…`), shown in the status bar. */
  busy: string | null;
}

/** The state before anything is known. */
export function initialState(o: { session: string; root: string }): DeckState {
  return {
    session: o.session, root: o.root, snapshot: null, receivedAt: null, fetchError: null,
    connection: { status: 'connecting', error: null, mismatch: false },
    focus: 'fleet', cursor: 0, selectedLane: null, modal: { kind: 'none' },
    toasts: [], nextToastId: 1,
    pane: { lane: null, text: '', capturedAt: null, error: null },
    laneSince: {}, busy: null,
  };
}
