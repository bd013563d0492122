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

/** A form's purpose; each becomes one engine request on submit (select-forms.ts). */
export type FormKind = 'reject' | 'steer' | 'dispatch' | 'add' | 'drop' | 'answer' | 'adr-accept';

/** One form field: typed text, or a checkbox whose value is `'y'` when checked and `''` otherwise. */
export interface FormField { name: string; label: string; type: 'text' | 'check'; value: string }

/** An open form: what it is for (`target`: decision id, lane, window, ask id or ADR id), its fields, the focused field. */
export interface FormModal {
  kind: 'form';
  form: FormKind;
  title: string;
  target: string;
  fields: FormField[];
  at: number;
  /** Shown inside the form (validation, name mismatch); the form stays open. */
  error: string | null;
  /** `drop`: the window is a base lane (typed-name confirmation). `reject`/approve: marked actions. */
  base?: boolean;
}

export type Modal =
  | { kind: 'none' }
  | { kind: 'help' }
  | FormModal;

/** The full-screen views besides the main dashboard (spec §9.6–9.7). */
export type ViewId = 'main' | 'lane' | 'adr' | 'brain';

/** The live brain transcript, from `transcript.chunk` notifications (kept to the last 64 KiB). */
export interface TranscriptState { path: string | null; text: string; at: number | null; bytes: number }

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
  /** Epoch ms when `busy` was set (to say when the engine has not answered for a while), or null. */
  busySince?: number | null;
  view: ViewId;
  /** Epoch ms of the last clock tick (spinner, change highlights); 0 before the first. */
  now: number;
  /** Per lane and column (`status`, `harness`, `role`, `restarts`), when the deck saw the cell change (epoch ms). */
  cellChanged: Record<string, Record<string, number>>;
  /** Action cursor in the decision panel and the actions marked for "approve selected". */
  actionCursor: number;
  marked: number[];
  /** The decision `marked` belongs to (marks reset when it changes). */
  markedFor: string | null;
  adrCursor: number;
  transcript: TranscriptState;
  /** The deck's own tmux pane ($TMUX_PANE), null outside tmux (`g` needs it). */
  ownPane: string | null;
}

/** The state before anything is known. */
export function initialState(o: { session: string; root: string; ownPane?: string | null }): DeckState {
  return {
    session: o.session, root: o.root, snapshot: null, receivedAt: null, fetchError: null,
    connection: { status: 'connecting', error: null, mismatch: false },
    focus: 'fleet', cursor: 0, selectedLane: null, modal: { kind: 'none' },
    toasts: [], nextToastId: 1,
    pane: { lane: null, text: '', capturedAt: null, error: null },
    laneSince: {}, busy: null, view: 'main', now: 0, cellChanged: {},
    actionCursor: 0, marked: [], markedFor: null, adrCursor: 0,
    transcript: { path: null, text: '', at: null, bytes: 0 }, ownPane: o.ownPane ?? null,
  };
}
