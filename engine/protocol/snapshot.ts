/**
 * The snapshot read model: everything a client needs to draw the deck, from the engine (IPC
 * `snapshot`) or, when no engine runs, from the substrate (offline.ts). Same shape either way.
 */
import type { DecisionDoc } from './decision.js';
import type { PendingDecisionDocument } from './pending-decision.js';
import type { SnapshotExtras } from './snapshot-extras.js';

export type EngineState = 'running' | 'paused' | 'backoff' | 'off';

export interface LaneRow {
  lane: string;
  kind: 'fixed' | 'dynamic';
  target: string;
  window: string;
  harness: string | null;
  role: string | null;
  model: string | null;
  base: boolean;
  lane_kind: 'standing' | 'worker';
  status: string;
  /** When the status last changed (contract timestamp), as far as the observer knows. */
  changed_at: string | null;
  current_command: string;
}

/** The read model. The optional fields of SnapshotExtras (snapshot-extras.ts) feed the deck's panels. */
export interface Snapshot extends SnapshotExtras {
  protocol_version: number;
  source: 'engine' | 'offline';
  session: string;
  project_root: string;
  generated_at: string;
  engine: {
    state: EngineState;
    pid: number | null;
    approval_mode: string | null;
    brain: string | null;
    last_cycle: { at: string; outcome: string; rc: number } | null;
    world_hash: string | null;
    world_hash_at: string | null;
    brain_calls_hour: number;
    backoff_until: string | null;
    /** Why the daemon cannot observe right now (e.g. `tmux-server-gone`), else null. Additive. */
    observe_error?: { kind: string; error: string; since: string } | null;
    /** The newest brain call. Additive. */
    last_brain_call?: { started_at: string; brain: string; model: string | null; duration_ms: number | null; failure_kind: string | null; prompt_bytes: number; input_tokens: number | null; output_tokens: number | null; cost_usd: number | null } | null;
    /** Actions a crash caught mid-execution (status unknown; never retried), newest first. Additive. */
    unknown_actions?: Array<{ decision: string; idx: number; kind: string; lane: string | null; at: string }>;
    /** `engine status` only: does the running daemon run the installed code (spec §12.8)? Additive. */
    code?: 'current' | 'stale' | null;
  };
  lanes: LaneRow[];
  loops: Array<{ id: string; status: string; branch: string | null; name: string | null }>;
  mailbox: { pending: Array<{ file: string; from: string | null; to: string | null; subject: string; mtime: number }>; processed_count: number };
  tasks: Array<{ id: string; title: string; status: string }>;
  decision: DecisionDoc | null;
  /** The spec §8.1 pending-decision document (null when nothing is pending or needs a human). */
  pending_decision?: PendingDecisionDocument | null;
  events: Array<{ seq: number; ts: string; type: string; data: Record<string, unknown> }>;
  /** Input problems (file, line, what) the engine skipped. */
  problems: string[];
}
