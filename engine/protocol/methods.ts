/**
 * The engine ⇄ client protocol (DESIGN.md §5, CONTRACT.md "IPC"): JSON-RPC 2.0 over a Unix socket
 * (vscode-jsonrpc framing). Method names, parameter schemas and result types live here, shared by
 * the server (engine/ipc) and every client (the deck, the engine CLI). A client must call `hello`
 * first; a client of another protocol major gets error PROTOCOL_MISMATCH, never a hang.
 */
import type { DecisionDoc } from './decision.js';
import type { Snapshot } from './snapshot.js';
import type { LaneRequests } from './lane-methods.js';

/** Protocol major. Additive changes keep it; anything else bumps it. */
export const PROTOCOL_VERSION = 1;

/** JSON-RPC error codes of our own (CONTRACT.md). */
export const ErrorCodes = {
  PROTOCOL_MISMATCH: -32001,
  HELLO_REQUIRED: -32002,
  INVALID_PARAMS: -32602,
  NOT_FOUND: -32004,
  CONFLICT: -32009,
  FAILED: -32010,
} as const;

export interface HelloParams { protocol_version: number; client: string; subscribe?: boolean }
export interface HelloResult { protocol_version: number; engine_version: string; session: string; project_root: string; pid: number }

export interface ApproveParams { id: string; actions?: number[]; by?: string }
export interface RejectParams { id: string; reason?: string; by?: string }
export interface ResolveResult { decision: DecisionDoc; failed: number[] }
export interface AskAnswerParams { ask_id: string; text: string; by?: string }
export interface AskAnswerResult { ask_id: string; file: string }
export interface CaptureParams { lane: string; lines?: number }
export interface CaptureResult { lane: string; target: string; text: string; captured_at: string }
/** `adr.accept` (human-only, interactive clients): refused with FAILED (data.code `adr-not-ready`) naming the missing links. */
export interface AdrAcceptParams { id: string; by?: string }
export interface AdrAcceptResult { id: string; status: 'accepted'; file: string }

/** Request method → [params, result]. Lane requests of interactive clients: lane-methods.ts. */
export interface Requests extends LaneRequests {
  hello: [HelloParams, HelloResult];
  snapshot: [Record<string, never> | undefined, Snapshot];
  'decision.approve': [ApproveParams, ResolveResult];
  'decision.reject': [RejectParams, ResolveResult];
  'lane.capture': [CaptureParams, CaptureResult];
  'engine.pause': [{ by?: string } | undefined, { paused: boolean }];
  'engine.resume': [{ by?: string } | undefined, { paused: boolean; was_paused?: boolean }];
  'cycle.now': [Record<string, never> | undefined, { queued: boolean }];
  shutdown: [Record<string, never> | undefined, { stopping: boolean }];
  'adr.accept': [AdrAcceptParams, AdrAcceptResult];
  'ask.answer': [AskAnswerParams, AskAnswerResult];
}
export type RequestMethod = keyof Requests;

export interface LaneChanged { lane: string; from: string | null; to: string; at: string }
export interface CycleStarted { reasons: string[]; at: string }
export interface CycleFinished { rc: number; outcome: string; decision: string | null; at: string; duration_ms: number }
export interface EventAppended { seq: number; ts: string; type: string; data: Record<string, unknown> }

/** Notification method → params (pushed to clients that said `subscribe: true`). */
export interface Notifications {
  'lane.changed': LaneChanged;
  'cycle.started': CycleStarted;
  'cycle.finished': CycleFinished;
  'decision.queued': { decision: DecisionDoc };
  'decision.resolved': { decision: DecisionDoc };
  'event.appended': EventAppended;
  'engine.paused': { by: string };
  'engine.resumed': { by: string };
  'mailbox.changed': { pending: number };
  'transcript.chunk': { path: string; text: string };
}
export type NotificationMethod = keyof Notifications;
