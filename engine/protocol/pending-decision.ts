/**
 * The pending-decision document of spec/engine.md §8.1 (contract_version 1), derived from the
 * store's DecisionDoc: every action flattened to `{idx, kind, <all action fields>, classification,
 * status}` (plus loopdeck's `reasons` and `error`). Served by `engine status --json` and the IPC
 * `snapshot` as `pending_decision` (null when nothing is pending or needs a human). Pure.
 */
import type { DecisionDoc } from './decision.js';

export interface PendingAction { idx: number; kind: string; classification: string; status: string; reasons: string[]; error: string | null; [field: string]: unknown }
export interface PendingDecisionDocument {
  contract_version: 1; id: string; created_at: string; approval_mode: string; status: string; critique: string;
  actions: PendingAction[]; decided_by: string | null; decided_at: string | null; reason: string;
}

/** The §8.1 document for `doc`, or null unless its status is pending or needs-human. */
export function pendingDecisionDocument(doc: DecisionDoc | null): PendingDecisionDocument | null {
  if (!doc || (doc.status !== 'pending' && doc.status !== 'needs-human')) return null;
  return {
    contract_version: 1, id: doc.id, created_at: doc.created_at, approval_mode: doc.approval_mode, status: doc.status, critique: doc.critique,
    actions: doc.actions.map((r) => ({ idx: r.idx, ...r.action, kind: r.action.kind, classification: r.classification, status: r.status, reasons: r.reasons, error: r.error })),
    decided_by: doc.decided_by, decided_at: doc.decided_at, reason: doc.reason,
  };
}
