/**
 * The brain interface (DESIGN.md §6): one call per cycle, prompt (+ structured context) in, raw
 * text out. Whatever the brain, its text is parsed and gated the same way.
 */
export interface BrainTask { id: string; title: string; status: string; depends_on: string[]; file: string; text: string }
export interface BrainLane { lane: string; status: string; harness: string | null; role: string | null; base: boolean; laneKind: 'standing' | 'worker' }
export interface BrainReport { file: string; from: string | null; to: string | null; subject: string }

/** The structured observation the builtin brain schedules over (the prompt says the same in prose). */
export interface BrainContext {
  lanes: BrainLane[];
  tasks: BrainTask[];
  /** Lane reports (ingested mailbox messages), oldest first — the whole recent history, so a report
   *  whose decision was rejected is proposed again; reports already acted on are skipped by status. */
  reports: BrainReport[];
  /** Task id → lane it was dispatched to (executed dispatch actions). */
  assignments: Record<string, string>;
  /** Lanes the builtin brain may dispatch tasks to. */
  implementationLanes: string[];
  maxDispatches: number;
  /** Input problems that were skipped this cycle (file:line: what). */
  problems: string[];
  /** Task → lane of dispatches caught mid-delivery by a crash (status unknown): never re-sent automatically. */
  uncertain?: Record<string, string>;
}

export interface BrainUsage { input_tokens: number | null; output_tokens: number | null; cost_usd: number | null; cost_source?: 'provider' | 'computed' | 'unpriced' | 'unavailable' }

export interface BrainResult {
  text: string;
  harness: string | null;
  model: string | null;
  usage: BrainUsage | null;
  promptPath: string | null;
  responsePath: string | null;
  durationMs: number;
}

/** Why a brain call failed (spec/engine.md §11.3). */
export type FailureKind = 'quota' | 'timeout' | 'model-unavailable' | 'exit';

export class BrainError extends Error {
  constructor(message: string, readonly failureKind: FailureKind, readonly stderrExcerpt: string, readonly promptPath: string | null) {
    super(message);
    this.name = 'BrainError';
  }
}

export interface Brain {
  readonly name: string;
  decide(prompt: string, context: BrainContext, opts: { attemptLabel?: string }): Promise<BrainResult>;
}
