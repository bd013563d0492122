/**
 * A person's answer to the pending decision (spec/engine.md §8.3, §16.2 approve/reject): one CAS
 * transition in the store, then the approved actions run (at most once), then the decision is
 * filed in the wiki with its final status. Used by the daemon's IPC handlers and, when no daemon
 * runs, by the CLI in-process.
 */
import { LoopError } from '../../substrate/errors.js';
import type { DecisionDoc } from '../protocol/decision.js';
import type { EngineContext } from '../context.js';
import { executeDecision } from './execute.js';
import { fileDecision } from './file-decision.js';

export interface ResolveOutcome { decision: DecisionDoc; failed: number[] }

function casError(e: unknown): LoopError {
  const code = (e as { code?: string }).code ?? 'resolve-failed';
  return new LoopError(code, (e as Error).message, { exitCode: 1, hint: 'see `engine status` for the pending decision' });
}

/**
 * Approve decision `id` (all awaiting actions, or only `indices`) and execute what was approved.
 * @throws LoopError not-found | already-resolved | conflict (exit 1)
 */
export async function approveDecision(ctx: EngineContext, id: string, indices: number[] | null, by: string): Promise<ResolveOutcome> {
  let doc: DecisionDoc;
  try { doc = ctx.store.decisions.resolve(id, { status: 'approved', by, at: ctx.ts(), reason: '', indices }); } catch (e) { throw casError(e); }
  ctx.emit('decision-approved', { id, decided_by: by, indices });
  const failed = await executeDecision(ctx, doc);
  const final = ctx.store.decisions.get(id)!;
  fileDecision(ctx, final);
  ctx.notify('decision.resolved', { decision: final });
  return { decision: final, failed };
}

/** Reject decision `id`; nothing executes. @throws LoopError as approveDecision */
export function rejectDecision(ctx: EngineContext, id: string, reason: string, by: string): ResolveOutcome {
  let doc: DecisionDoc;
  try { doc = ctx.store.decisions.resolve(id, { status: 'rejected', by, at: ctx.ts(), reason, indices: null }); } catch (e) { throw casError(e); }
  ctx.emit('decision-rejected', { id, reason, decided_by: by });
  fileDecision(ctx, doc);
  ctx.notify('decision.resolved', { decision: doc });
  return { decision: doc, failed: [] };
}
