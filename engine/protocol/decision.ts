/**
 * The decision contract v1 (spec/engine.md §5) as TypeScript types, shared by the engine and the
 * deck. Parsing and validation live in engine/cycle/parse-decision.ts; classification in
 * engine/cycle/gate.ts. Every persisted action carries all of its fields with defaults filled.
 */

/** The eight kinds of spec §5.3 plus loopdeck's own `task_status` (CONTRACT.md). */
export const ACTION_KINDS = ['dispatch', 'steer', 'add_lane', 'drop_lane', 'stop', 'escalate', 'verify', 'build', 'task_status'] as const;
export type ActionKind = (typeof ACTION_KINDS)[number];

export interface DispatchAction { kind: 'dispatch'; lane: string; payload: string; rationale: string; mode: 'text' | 'command'; wait_ready: boolean; /** loopdeck extension: the task this dispatch carries, if any. */ task: string | null }
export interface SteerAction { kind: 'steer'; lane: string; payload: string; rationale: string; mode: 'text' | 'command'; interrupt: boolean; wait_for_idle: boolean; expects_reply: boolean; reply_timeout_s: number }
export interface AddLaneAction { kind: 'add_lane'; window: string; brief: string; rationale: string; harness: string | null; cmd: string | null; model: string | null; role: string | null; auto_approve: boolean; /** Own git worktree for the lane (spec §6.7); set by the engine at gate time, or hand-authored. */ worktree?: boolean }
export interface DropLaneAction { kind: 'drop_lane'; window: string; rationale: string }
export interface StopAction { kind: 'stop'; rationale: string }
export interface EscalateAction { kind: 'escalate'; summary: string; rationale: string }
export interface VerifyAction { kind: 'verify'; lane: string; rationale: string }
export interface BuildAction { kind: 'build'; window: string; brief: string; rationale: string }
/** Move a task file between `in-progress` and `review`. `done`/`dropped` are human-only. */
export interface TaskStatusAction { kind: 'task_status'; task: string; to: 'in-progress' | 'review'; rationale: string }

export type Action = DispatchAction | SteerAction | AddLaneAction | DropLaneAction | StopAction | EscalateAction | VerifyAction | BuildAction | TaskStatusAction;

export type Classification = 'safe' | 'destructive' | 'blocked';
export type ApprovalMode = 'manual' | 'auto' | 'full';

/**
 * Action status. `executing` is committed before the side effect (at-most-once, DESIGN.md §4);
 * an action found `executing` after a crash becomes `unknown` and is never retried.
 */
export type ActionStatus = 'awaiting-approval' | 'approved' | 'auto' | 'rejected' | 'executing' | 'executed' | 'failed' | 'unknown';
export type DecisionStatus = 'pending' | 'needs-human' | 'approved' | 'rejected';

/** A parsed decision before it is gated: id, critique and typed actions (spec §5.4). */
export interface ParsedDecision { critique: string; actions: Action[]; raw_text: string }

export interface ActionRecord {
  idx: number;
  action: Action;
  classification: Classification;
  /** Why the gate classified it so (one short phrase per rule hit). */
  reasons: string[];
  status: ActionStatus;
  error: string | null;
  updated_at: string;
}

/** The pending-decision document of spec §8.1, as returned by `engine status --json` and `snapshot`. */
export interface DecisionDoc {
  contract_version: 1;
  id: string;
  created_at: string;
  approval_mode: ApprovalMode;
  status: DecisionStatus;
  critique: string;
  brain: string;
  actions: ActionRecord[];
  decided_by: string | null;
  decided_at: string | null;
  reason: string;
}

/** The lane or window an action targets, or null (stop, escalate, task_status). */
export function actionTarget(a: Action): string | null {
  switch (a.kind) {
    case 'dispatch': case 'steer': case 'verify': return a.lane;
    case 'add_lane': case 'drop_lane': case 'build': return a.window;
    default: return null;
  }
}
