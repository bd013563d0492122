/** The engine-side snapshot: store + last observation + project files (engine/protocol/snapshot.ts). */
import { join } from 'node:path';
import type { LaneState } from '../substrate/observe.js';
import { listMailbox } from '../substrate/files/mailbox.js';
import { listTasks } from '../substrate/files/tasks.js';
import { readLedger } from '../substrate/files/ledger.js';
import { formatProblem } from '../substrate/files/problems.js';
import { buildSnapshot } from './protocol/build-snapshot.js';
import type { Snapshot, EngineState } from './protocol/snapshot.js';
import type { EngineContext } from './context.js';
import { unknownActions } from './store/world-digest.js';
import { engineExtras } from './deck-extras.js';

export interface LiveView { lanes: LaneState[]; changedAt: Map<string, string>; state: EngineState; pid: number | null; backoffUntil: string | null; observeError?: { kind: string; error: string; since: string } | null; codeHash?: string }

/** Build the snapshot the engine serves. `live` is the daemon's last observation (null from the CLI). */
export function engineSnapshot(ctx: EngineContext, live: LiveView | null): Snapshot {
  const problems: string[] = ctx.configProblems.map(formatProblem);
  const mb = listMailbox(join(ctx.root, '.loop', 'messages'));
  const t = listTasks(ctx.root);
  const l = readLedger(join(ctx.root, '.loop', 'orchestrator-state.json'));
  for (const p of [...mb.problems, ...t.problems, ...(l.problem ? [l.problem] : [])]) problems.push(formatProblem(p));
  let lanes = live?.lanes ?? [];
  if (!live) { const f = ctx.store.getKv('last_fleet'); if (f) lanes = (JSON.parse(f) as { lanes: LaneState[] }).lanes; }
  const lastCycle = ctx.store.getKv('last_cycle');
  const hourAgo = new Date(ctx.now().getTime() - 3600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const paused = ctx.store.getKv('paused') === '1';
  return buildSnapshot({
    source: 'engine', session: ctx.session, root: ctx.root, generatedAt: ctx.ts(),
    engine: {
      state: paused ? 'paused' : live?.state ?? 'off', pid: live?.pid ?? null, approval_mode: ctx.config.approval_mode, brain: ctx.config.brain.kind === 'builtin' ? 'builtin' : ctx.config.brain.kind === 'ollama' ? `ollama:${ctx.config.brain.model}` : (process.env.LOOP_ENGINE_BRAIN_CMD ? 'cli:LOOP_ENGINE_BRAIN_CMD' : `cli:${ctx.config.brain.harness}`), // same name the cli brain reports (brain/cli.ts)
      last_cycle: lastCycle ? (JSON.parse(lastCycle) as { at: string; outcome: string; rc: number }) : null,
      world_hash: ctx.store.getKv('world_hash'), world_hash_at: ctx.store.getKv('world_hash_at'),
      brain_calls_hour: ctx.store.brainCallsSince(hourAgo).calls, backoff_until: live?.backoffUntil ?? null,
      observe_error: live?.observeError ?? null, last_brain_call: lastBrainCall(ctx), unknown_actions: unknownActions(ctx.store),
    },
    lanes, changedAt: live?.changedAt ?? new Map(), ledger: l.state,
    mailbox: { pending: mb.pending.map(({ file, from, to, subject, mtime }) => ({ file, from, to, subject, mtime })), processed_count: mb.processedCount },
    tasks: t.tasks.map((x) => ({ id: x.id, title: x.title, status: x.status })),
    decision: ctx.store.decisions.pending() ?? ctx.store.decisions.recent(1)[0] ?? null,
    events: ctx.store.events.tail(30), problems, extras: engineExtras(ctx),
  });
}

/** The newest brain call (engine status "last call"), or null. */
function lastBrainCall(ctx: EngineContext): Snapshot['engine']['last_brain_call'] {
  const r = ctx.store.lastBrainCall();
  return r && { started_at: r.started_at, brain: r.brain, model: r.model, duration_ms: r.duration_ms, failure_kind: r.failure_kind, prompt_bytes: r.prompt_bytes, input_tokens: r.input_tokens, output_tokens: r.output_tokens, cost_usd: r.cost_usd };
}
