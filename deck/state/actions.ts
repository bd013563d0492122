/** Everything that can change the deck's state; the reducer (reduce.ts) is the only interpreter. */
import type { Snapshot } from '../../engine/protocol/snapshot.js';
import type { ConnectionStatus, Modal, PanelId, ToastLevel } from './types.js';

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
  | { type: 'prompt.input'; text: string }
  | { type: 'prompt.backspace' }
  | { type: 'toast.show'; level: ToastLevel; text: string; at: number; ttlMs?: number }
  /** Drop toasts whose time is up at `now` (epoch ms). */
  | { type: 'toast.expire'; now: number }
  | { type: 'pane.captured'; lane: string; text: string; at: string }
  | { type: 'pane.failed'; lane: string; error: string }
  | { type: 'busy'; what: string | null };
