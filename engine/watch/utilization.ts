/**
 * Routable idle lanes (spec/engine.md §10.6, simplified to loopdeck's task model): non-coord
 * agent lanes that are idle while at least one task is routable — status exactly `open` with every
 * `depends_on` done — and no task is in progress on them. Sorted lane names.
 */
import { listTasks } from '../../substrate/files/tasks.js';
import { takesPrompts } from '../../substrate/harness/registry.js';
import type { LaneState } from '../../substrate/observe.js';
import type { EngineContext } from '../context.js';

/** Pure core: lanes × tasks × assignments → routable idle lane names. */
export function routable(lanes: Array<{ lane: string; status: string; agent: boolean }>, tasks: Array<{ id: string; status: string; depends_on: string[] }>, busy: Set<string>): string[] {
  const status = new Map(tasks.map((t) => [t.id, t.status]));
  const backlog = tasks.some((t) => t.status === 'open' && t.depends_on.every((d) => status.get(d) === 'done'));
  if (!backlog) return [];
  return lanes.filter((l) => l.lane !== 'coord' && l.agent && l.status === 'idle' && !busy.has(l.lane)).map((l) => l.lane).sort();
}

export function routableIdleLanes(ctx: EngineContext, fleet: LaneState[]): string[] {
  const { tasks } = listTasks(ctx.root);
  const status = new Map(tasks.map((t) => [t.id, t.status]));
  const busy = new Set<string>();
  for (const [task, v] of ctx.store.decisions.dispatchedTasks()) if (status.get(task) === 'in-progress') busy.add(v.lane);
  const only = ctx.config.brain.lanes;
  return routable(fleet.filter((l) => !only || only.includes(l.lane)).map((l) => ({ lane: l.lane, status: l.status, agent: takesPrompts(l.harness) })), tasks, busy);
}
