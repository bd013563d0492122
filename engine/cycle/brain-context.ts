/**
 * What the brain is told besides the prompt text: lanes, tasks (with their full text), the lane
 * reports ingested since the last decision, task → lane assignments, and which lanes may receive
 * work. Reports are `mailbox-ingested` events after the `reports_consumed_seq` mark, so a brain
 * failure never loses a report (the mark only moves after a decision was made).
 */
import { takesPrompts } from '../../substrate/harness/registry.js';
import type { EngineContext } from '../context.js';
import type { BrainContext, BrainReport } from '../brain/types.js';
import type { World } from './world.js';
import { uncertainDispatches } from '../store/world-digest.js';

/** Reports not yet seen by a successful decision, and the seq they run up to. */
export function consumedReports(ctx: EngineContext): { reports: BrainReport[]; uptoSeq: number } {
  const after = Number(ctx.store.getKv('reports_consumed_seq') ?? 0);
  const rows = ctx.store.events.list({ afterSeq: after, types: ['mailbox-ingested'] });
  return {
    reports: rows.map((r) => ({ file: String(r.data.file), from: (r.data.from as string | null) ?? null, to: (r.data.to as string | null) ?? null, subject: String(r.data.subject ?? '') })),
    uptoSeq: rows.length ? rows[rows.length - 1]!.seq : after,
  };
}

const NOT_IMPLEMENTATION = /^(coord|docs|validate-left|validate-right|ops-top|ops-bottom)$/;

/** Lanes that may receive task work: configured list, else agent (or demo) lanes outside coord/docs/validate/ops. */
export function implementationLanes(ctx: EngineContext, world: World): string[] {
  if (ctx.config.brain.lanes) return ctx.config.brain.lanes;
  return world.lanes.filter((l) => !NOT_IMPLEMENTATION.test(l.lane) && takesPrompts(l.harness)).map((l) => l.lane);
}

/** The last `n` ingested lane reports, oldest first. */
export function reportHistory(ctx: EngineContext, n = 2000): BrainReport[] {
  return ctx.store.events.tail(n, ['mailbox-ingested']).map((r) => ({ file: String(r.data.file), from: (r.data.from as string | null) ?? null, to: (r.data.to as string | null) ?? null, subject: String(r.data.subject ?? '') }));
}

export function brainContext(ctx: EngineContext, world: World, reports: BrainReport[]): BrainContext {
  const assignments: Record<string, string> = {};
  for (const [task, v] of ctx.store.decisions.dispatchedTasks()) assignments[task] = v.lane;
  return {
    lanes: world.lanes.map((l) => ({ lane: l.lane, status: l.status, harness: l.harness, role: l.role, base: l.base, laneKind: l.laneKind })),
    tasks: world.tasks.filter((t) => !t.archived || t.status === 'done' || t.status === 'dropped').map((t) => ({ id: t.id, title: t.title, status: t.status, depends_on: t.depends_on, file: t.file, text: t.text })),
    reports,
    assignments,
    implementationLanes: implementationLanes(ctx, world),
    maxDispatches: ctx.config.destructive.max_dispatches_per_cycle,
    problems: world.problems,
    uncertain: Object.fromEntries(uncertainDispatches(ctx.store)),
  };
}
