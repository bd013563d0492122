/** Everything that can change the deck's state; the reducer (reduce.ts) is the only interpreter. */
import type { Snapshot } from '../../engine/protocol/snapshot.js';
import type { ConnectionStatus, Modal, PanelId, ToastLevel, ViewId } from './types.js';

export type DeckAction =
  /** A snapshot arrived (from the engine or the offline read). `at` is epoch ms. */
  | { type: 'snapshot.received'; snapshot: Snapshot; at: number }
  | { type: 'snapshot.failed'; error: string }
  | { type: 'connection.changed'; status: ConnectionStatus; error?: string | null; mismatch?: boolean }
  /** The engine pushed `lane.changed`: patch the row at once (a fresh snapshot follows). */
  | { type: 'lane.changed'; lane: string; to: string; at: string }
  | { type: 'cursor.move'; delta: number }
  | { type: 'focus.cycle'; delta: 1 | -1 }
  | { type: 'focus.set'; panel: PanelId }
  | { type: 'modal.open'; modal: Modal }
  | { type: 'modal.close' }
  /** Typed text into the focused form field (a checkbox toggles on a space). */
  | { type: 'form.input'; text: string }
  | { type: 'form.backspace' }
  | { type: 'form.field'; delta: 1 | -1 }
  | { type: 'form.toggle' }
  | { type: 'form.error'; error: string | null }
  | { type: 'view.set'; view: ViewId }
  /** Clock for the spinner and change highlights (epoch ms). */
  | { type: 'tick'; now: number }
  | { type: 'action.cursor'; delta: number }
  | { type: 'action.mark' }
  | { type: 'adr.cursor'; delta: number }
  /** A piece of the brain transcript the engine just wrote (`transcript.chunk`). */
  | { type: 'transcript.chunk'; path: string; text: string; at: number }
  | { type: 'toast.show'; level: ToastLevel; text: string; at: number; ttlMs?: number }
  /** Drop toasts whose time is up at `now` (epoch ms). */
  | { type: 'toast.expire'; now: number }
  | { type: 'pane.captured'; lane: string; text: string; at: string }
  | { type: 'pane.failed'; lane: string; error: string }
  | { type: 'busy'; what: string | null; at?: number };
