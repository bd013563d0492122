/**
 * Lane requests a person makes from an interactive client (the deck): dispatch, steer, add, drop,
 * focus. Each is one IPC handler in engine/ipc/handlers/lane-*.ts that validates with zod, calls the
 * substrate and records one event. Merged into `Requests` (methods.ts). Additive to protocol 1.
 */

/** `lane.dispatch`: deliver a task payload (text pasted, or a command typed via a temp script). */
export interface LaneDispatchParams { lane: string; payload: string; mode?: 'text' | 'command'; wait_ready?: boolean; by?: string }
/** `lane.steer`: a text steer; never clears context; `interrupt` sends Escape first. */
export interface LaneSteerParams { lane: string; payload: string; interrupt?: boolean; wait_ready?: boolean; by?: string }
export interface LaneDeliveryResult { lane: string; target: string; confirmed: boolean; warnings: string[]; elapsed_ms: number }
/** `lane.add`: a dynamic lane (harness or cmd), then the brief (text) strictly after it is up. */
export interface LaneAddParams { window: string; harness?: string; cmd?: string; model?: string; role?: string; auto_approve?: boolean; brief?: string; by?: string }
export interface LaneAddResult { window: string; target: string; harness: string; notes: string[]; brief_sent: boolean }
/**
 * `lane.drop`: kill a lane's window. A base lane needs `confirm` equal to its window name (else
 * INVALID_PARAMS); even then the substrate guard refuses it (no force, ever) and that refusal is
 * the error message verbatim.
 */
export interface LaneDropParams { window: string; confirm?: string; by?: string }
export interface LaneDropResult { window: string; window_id: string }
/**
 * `lane.focus`: select the lane's window and pane on the tmux server; with `from_pane` (the
 * client's $TMUX_PANE) in another session, switch the clients attached to that session too.
 */
export interface LaneFocusParams { lane: string; from_pane?: string }
export interface LaneFocusResult { lane: string; target: string; switched_clients: number }

export interface LaneRequests {
  'lane.dispatch': [LaneDispatchParams, LaneDeliveryResult];
  'lane.steer': [LaneSteerParams, LaneDeliveryResult];
  'lane.add': [LaneAddParams, LaneAddResult];
  'lane.drop': [LaneDropParams, LaneDropResult];
  'lane.focus': [LaneFocusParams, LaneFocusResult];
}
