/**
 * The snapshot read model: everything a client needs to draw the deck, from the engine (IPC
 * `snapshot`) or, when no engine runs, from the substrate (offline.ts). Same shape either way.
 */
import type { DecisionDoc } from './decision.js';
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
  };
  lanes: LaneRow[];
  loops: Array<{ id: string; status: string; branch: string | null; name: string | null }>;
  mailbox: { pending: Array<{ file: string; from: string | null; to: string | null; subject: string; mtime: number }>; processed_count: number };
  tasks: Array<{ id: string; title: string; status: string }>;
  decision: DecisionDoc | null;
  events: Array<{ seq: number; ts: string; type: string; data: Record<string, unknown> }>;
  /** Input problems (file, line, what) the engine skipped. */
  problems: string[];
}
