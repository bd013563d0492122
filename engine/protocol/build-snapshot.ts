/**
 * Assemble a Snapshot from parts (pure). The engine fills it from its store and its last
 * observation; offline.ts fills it from the substrate alone.
 */
import type { LaneState } from '../../substrate/observe.js';
import type { Snapshot, LaneRow } from './snapshot.js';
import { PROTOCOL_VERSION } from './methods.js';
import { pendingDecisionDocument } from './pending-decision.js';
import type { SnapshotExtras } from './snapshot-extras.js';

export interface SnapshotParts {
  source: Snapshot['source'];
  session: string;
  root: string;
  generatedAt: string;
  engine: Snapshot['engine'];
  lanes: LaneState[];
  changedAt: Map<string, string>;
  ledger: Record<string, unknown> | null;
  mailbox: Snapshot['mailbox'];
  tasks: Snapshot['tasks'];
  decision: Snapshot['decision'];
  events: Snapshot['events'];
  problems: string[];
  /** Additive deck fields (snapshot-extras.ts), copied as given. */
  extras?: SnapshotExtras;
}

export function laneRow(l: LaneState, changedAt: string | null): LaneRow {
  return { lane: l.lane, kind: l.kind, target: l.target, window: l.window, harness: l.harness, role: l.role, model: l.model, base: l.base, lane_kind: l.laneKind, status: l.status, changed_at: changedAt, current_command: l.currentCommand };
}

export function loopsOf(ledger: Record<string, unknown> | null): Snapshot['loops'] {
  const loops = ledger && typeof ledger.loops === 'object' && ledger.loops !== null && !Array.isArray(ledger.loops) ? (ledger.loops as Record<string, unknown>) : {};
  return Object.entries(loops).sort(([a], [b]) => a.localeCompare(b)).map(([id, v]) => {
    const r = (v && typeof v === 'object' ? v : {}) as Record<string, unknown>;
    return { id, status: typeof r.status === 'string' ? r.status : '-', branch: typeof r.branch === 'string' ? r.branch : null, name: typeof r.name === 'string' ? r.name : null };
  });
}

export function buildSnapshot(p: SnapshotParts): Snapshot {
  return {
    protocol_version: PROTOCOL_VERSION, source: p.source, session: p.session, project_root: p.root, generated_at: p.generatedAt,
    engine: p.engine,
    lanes: p.lanes.map((l) => laneRow(l, p.changedAt.get(l.lane) ?? null)),
    loops: loopsOf(p.ledger), mailbox: p.mailbox, tasks: p.tasks, decision: p.decision, events: p.events, problems: p.problems,
    pending_decision: pendingDecisionDocument(p.decision),
    ...p.extras,
  };
}
