/**
 * The builtin brain (DESIGN.md §6): a deterministic scheduler, no network. It files lane reports
 * (`subject: done T0001` moves T0001 to `review`, never `done`), then routes each ready task
 * (status open, every depends_on done or in review) to a free idle implementation lane as one
 * text dispatch of the whole task file, and marks it in-progress. Its critique says what is still
 * unproven. It answers with a ```decision block, parsed and gated like any other brain's.
 */
import { stringify } from 'yaml';
import type { Action } from '../protocol/decision.js';
import type { Brain, BrainContext, BrainResult } from './types.js';

const DONE = /^\s*done\s+(T\d{4})\b/i;

/** Pure scheduling step: context → decision (critique + actions). */
export function schedule(ctx: BrainContext): { critique: string; actions: Action[] } {
  const actions: Action[] = [];
  const unproven: string[] = [];
  const notes: string[] = [];
  const status = new Map(ctx.tasks.map((t) => [t.id, t.status]));
  for (const r of ctx.reports) {
    const m = DONE.exec(r.subject);
    if (!m) continue;
    const id = m[1]!.toUpperCase();
    const st = status.get(id);
    if (st === undefined) { notes.push(`${r.from ?? 'someone'} reported ${id} done (${r.file}), but no task file ${id} exists.`); continue; }
    // Reports are the whole history: one already acted on (review, done) is simply skipped.
    if (st !== 'in-progress' && st !== 'open') continue;
    actions.push({ kind: 'task_status', task: id, to: 'review', rationale: `${r.from ?? 'a lane'} reported "${r.subject.trim()}" in ${r.file}` });
    status.set(id, 'review');
    unproven.push(`${id} is done only by ${r.from ?? 'its lane'}'s own report (${r.file}); no test run or review has verified it, so it goes to review, not done — a person must check the work.`);
  }
  // A lane is busy while a task dispatched to it is still in progress (after this decision's moves).
  const busyLanes = new Set<string>();
  for (const [task, lane] of Object.entries(ctx.assignments)) if (status.get(task) === 'in-progress') busyLanes.add(lane);
  const satisfied = (dep: string): boolean => status.get(dep) === 'done' || status.get(dep) === 'review';
  // A dispatch caught mid-delivery by a crash may have arrived: never send it again on our own.
  const uncertain = ctx.uncertain ?? {};
  for (const [task, lane] of Object.entries(uncertain)) {
    if (status.get(task) !== 'open') continue;
    busyLanes.add(lane);
    unproven.push(`${task}'s dispatch to ${lane} was interrupted by an engine crash (action status unknown): it may or may not have arrived, so it is not sent again — check ${lane} and move ${task} by hand.`);
  }
  const ready = ctx.tasks.filter((t) => status.get(t.id) === 'open' && !(t.id in uncertain) && t.depends_on.every(satisfied)).sort((a, b) => a.id.localeCompare(b.id));
  const blocked = ctx.tasks.filter((t) => status.get(t.id) === 'open' && !t.depends_on.every(satisfied));
  const laneOrder = new Map(ctx.lanes.map((l, i) => [l.lane, i]));
  const idle = ctx.lanes
    .filter((l) => ctx.implementationLanes.includes(l.lane) && l.status === 'idle' && !busyLanes.has(l.lane))
    .sort((a, b) => (laneOrder.get(a.lane)! - laneOrder.get(b.lane)!));
  let dispatched = 0;
  for (const t of ready) {
    const lane = idle.shift();
    if (!lane || dispatched >= ctx.maxDispatches || actions.length + 2 > 8) break;
    actions.push({ kind: 'dispatch', lane: lane.lane, payload: t.text, rationale: `${t.id} is ready (open, dependencies satisfied) and ${lane.lane} is idle`, mode: 'text', wait_ready: false, task: t.id });
    actions.push({ kind: 'task_status', task: t.id, to: 'in-progress', rationale: `dispatched to ${lane.lane} in this decision` });
    dispatched++;
    unproven.push(`${t.id} → ${lane.lane}: nothing yet shows the lane understood the task; the next report will tell.`);
  }
  const waiting = ready.length - dispatched;
  if (waiting > 0) notes.push(`${waiting} ready task(s) wait for a free idle implementation lane.`);
  for (const t of blocked) notes.push(`${t.id} waits on ${t.depends_on.filter((d) => !satisfied(d)).join(', ')}.`);
  const working = ctx.tasks.filter((t) => status.get(t.id) === 'in-progress').map((t) => `${t.id}${ctx.assignments[t.id] ? `@${ctx.assignments[t.id]}` : ''}`);
  if (working.length) notes.push(`In progress: ${working.join(', ')}.`);
  const unknownLanes = ctx.lanes.filter((l) => ctx.implementationLanes.includes(l.lane) && (l.status === 'unknown' || l.status === 'errored')).map((l) => `${l.lane} (${l.status})`);
  if (unknownLanes.length) unproven.push(`Lanes I cannot read: ${unknownLanes.join(', ')} — not dispatched to.`);
  if (ctx.implementationLanes.length === 0) unproven.push('No implementation lane is known (no lane runs an agent harness); nothing can be dispatched.');
  if (ctx.problems.length) unproven.push(`Skipped ${ctx.problems.length} malformed input file(s); see events.`);
  const critique = [
    ...(unproven.length ? ['Unproven:', ...unproven.map((u) => `- ${u}`)] : ['Nothing new to prove this cycle.']),
    ...(notes.length ? ['', ...notes] : []),
    ...(actions.length === 0 ? ['', 'No action: no report to file and no ready task with a free idle lane.'] : []),
  ].join('\n');
  return { critique, actions };
}

/**
 * Render a decision as the fenced block every brain answers with (spec/engine.md §5.1). Strings
 * are double-quoted with backticks escaped (`\x60`), so a task file containing a ``` fence can
 * never end the block early.
 */
export function renderDecision(critique: string, actions: Action[]): string {
  const body = stringify({ version: 1, critique, actions }, { lineWidth: 0, defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN' });
  return '```decision\n' + body.replace(/`/g, '\\x60') + '```\n';
}

export class BuiltinBrain implements Brain {
  readonly name = 'builtin';
  async decide(_prompt: string, context: BrainContext): Promise<BrainResult> {
    const t0 = performance.now();
    const { critique, actions } = schedule(context);
    return { text: renderDecision(critique, actions), harness: null, model: 'builtin', usage: null, promptPath: null, responsePath: null, durationMs: Math.round(performance.now() - t0) };
  }
}
