/**
 * One engine cycle — the one place the order lives (spec/engine.md §4, issue 2 §3):
 * guards → loops sync → observe → ingest → checkpoint prompt → (world unchanged? stop) → brain →
 * parse (one corrective re-prompt) → gate → queue or execute → file in the wiki.
 * Exit codes (CONTRACT.md): 0 done · 1 brain failed · 3 decision in flight · 4 unusable reply ·
 * 5 paused · 6 observe failed with no previous observation.
 */
import { join } from 'node:path';
import { syncLoops } from '../../substrate/files/ledger.js';
import { listMailbox } from '../../substrate/files/mailbox.js';
import { describeError } from '../../substrate/errors.js';
import type { ApprovalMode, DecisionDoc } from '../protocol/decision.js';
import type { EngineContext } from '../context.js';
import { observeWorld } from './world.js';
import { ingestBuiltin } from './ingest.js';
import { ingestHeadless, ingestLane } from './ingest-modes.js';
import { assemblePrompt, headerPath, WARN_TOKENS, REFUSE_TOKENS } from './prompt.js';
import { worldHash } from './world-hash.js';
import { markerFacts, unknownActions } from '../store/world-digest.js';
import { pidAlive } from '../daemon/lifecycle.js';
import { decideAndGate } from './decide.js';
import { brainContext, consumedReports, reportHistory } from './brain-context.js';
import { surfaceBuild, surfaceVerify } from '../drive/surface.js';
import { driveBlock, utilizationFor } from '../drive/block.js';
import { policyIsEmpty, rosterBlock } from './governance.js';
import { buildRoster } from './roster.js';

/** Is the process recorded as executing decision `id` still alive? */
export function executorAlive(ctx: EngineContext, id: string): boolean {
  const pid = Number(ctx.store.getKv(`executor:${id}`));
  return pid !== process.pid && pidAlive(pid);
}

export interface CycleOptions {
  approval?: ApprovalMode;
  dryRun?: boolean;
  /** Run the brain even when the world hash is unchanged (`engine once`, cycle-now). */
  force?: boolean;
  reasons?: string[];
}

export interface CycleResult { rc: number; outcome: string; decision: DecisionDoc | null }

export async function runCycle(ctx: EngineContext, opts: CycleOptions = {}): Promise<CycleResult> {
  const t0 = performance.now();
  const reasons = opts.reasons ?? ['once'];
  ctx.emit('cycle-start', { session: ctx.session, reasons });
  ctx.notify('cycle.started', { reasons, at: ctx.ts() });
  const end = (rc: number, outcome: string, decision: DecisionDoc | null = null): CycleResult => {
    // duration_ms on the event itself: the deck's cycle-latency sparkline reads it back from the store.
    const duration_ms = Math.max(0, Math.round(performance.now() - t0));
    if (rc !== 3 && rc !== 5) ctx.emit('cycle-end', { outcome, rc, decision: decision?.id ?? null, duration_ms });
    ctx.store.setKv('last_cycle', JSON.stringify({ at: ctx.ts(), outcome, rc }));
    ctx.notify('cycle.finished', { rc, outcome, decision: decision?.id ?? null, at: ctx.ts(), duration_ms });
    return { rc, outcome, decision };
  };
  // Drive results surface first, even when the cycle returns 3 or 5 (spec §4.1 step 2).
  if (!opts.dryRun) { await surfaceVerify(ctx); await surfaceBuild(ctx); }
  const pending = ctx.store.decisions.pending();
  if (pending) {
    ctx.out(`decision ${pending.id} is still ${pending.status}; resolve it first: engine approve|reject ${pending.id}`);
    ctx.emit('error', { kind: 'pending-exists', id: pending.id });
    return end(3, 'pending-exists', pending);
  }
  let running = ctx.store.decisions.executing();
  if (running && !executorAlive(ctx, running)) {
    // The process that was executing it is gone (a crash): never retry, surface it (DESIGN.md §4).
    if (!opts.dryRun) for (const r of ctx.store.decisions.recover(ctx.ts(), (id) => executorAlive(ctx, id))) ctx.emit('action-recovered', { decision: r.id, idx: r.idx, from: r.from, to: r.to });
    running = null;
  }
  if (running) {
    // Another process (a CLI approve) is still executing a decision: deciding now would reason
    // over a world that is about to change (and could route the same task twice).
    ctx.emit('error', { kind: 'execution-in-flight', id: running });
    ctx.out(`decision ${running} is still executing; try again when it finishes`);
    return end(3, 'execution-in-flight', null);
  }
  if (ctx.store.getKv('paused') === '1') {
    ctx.emit('paused', {});
    ctx.out('engine is paused (engine resume)');
    return end(5, 'paused');
  }
  if (!opts.dryRun) {
    try {
      const s = syncLoops(ctx.root);
      if (s.changed) ctx.emit('loops-sync', { loops: Object.keys(s.loops).sort(), derived: s.derived });
    } catch (e) { ctx.emit('error', { kind: 'loops-sync-failed', error: describeError(e) }); }
  }
  const world = await observeWorld(ctx);
  if (!world) return end(6, 'observe-failed');
  ctx.emit('observe', { lanes: world.lanes.length, mailbox_pending: world.mailbox.length, stale: world.stale });
  for (const p of world.problems) ctx.emit('input-problem', { problem: p });
  if (ctx.config.ingest.mode === 'lane') await ingestLane(ctx, world, world.mailbox, !!opts.dryRun);
  else if (ctx.config.ingest.mode === 'headless') await ingestHeadless(ctx, world.mailbox, !!opts.dryRun);
  else ingestBuiltin(ctx, world.mailbox, opts.dryRun);
  const reports = consumedReports(ctx);
  const asks = ctx.store.asks('outstanding');
  const drive = await driveBlock(ctx, world, { dryRun: !!opts.dryRun });
  const roster = policyIsEmpty(ctx.config.harness_policy) ? '' : rosterBlock(await buildRoster(), ctx.config.harness_policy);
  const prompt = assemblePrompt(ctx.root, world, reports.reports, asks, headerPath(ctx.root, ctx.config.checkpoint.header_file), [drive, utilizationFor(ctx, world), roster]);
  if (prompt.tokens > REFUSE_TOKENS) {
    ctx.emit('checkpoint-overflow', { tokens: prompt.tokens, ceiling: REFUSE_TOKENS });
    ctx.out(`error: prompt is ~${prompt.tokens} tokens, over the hard ceiling of ${REFUSE_TOKENS}; trim ops-wiki/checkpoint.md and index.md`);
    return end(3, 'checkpoint-overflow');
  }
  if (prompt.tokens > WARN_TOKENS) ctx.emit('warning', { kind: 'prompt-large', tokens: prompt.tokens, budget: WARN_TOKENS });
  const stillPending = listMailbox(join(ctx.root, '.loop', 'messages')).pending;
  const hash = worldHash({
    lanes: world.lanes, tasks: world.tasks, mailboxPending: stillPending.map((m) => m.file),
    reports: reports.reports.map((r) => r.file), ledgerRaw: world.ledgerRaw, asks: asks.map((a) => a.id), markers: markerFacts(ctx.store), unknown: unknownActions(ctx.store, 1000).map((u) => `${u.decision}#${u.idx}`),
  });
  if (opts.dryRun) {
    ctx.out(`dry-run: prompt ${prompt.bytes} bytes (~${prompt.tokens} tokens); brain ${ctx.config.brain.kind}; approval ${opts.approval ?? ctx.config.approval_mode}; world ${hash}`);
    return end(0, 'dry-run');
  }
  if (!opts.force && hash === ctx.store.getKv('world_hash')) {
    ctx.emit('cycle-skip', { reason: 'world-unchanged', world_hash: hash });
    return end(0, 'unchanged');
  }
  const bctx = brainContext(ctx, world, reportHistory(ctx));
  const res = await decideAndGate(ctx, prompt.text, bctx, world, opts.approval ?? ctx.config.approval_mode);
  if (res.rc === 1) return end(1, 'brain-failed');
  ctx.store.setKv('world_hash', hash);
  ctx.store.setKv('world_hash_at', ctx.ts());
  ctx.store.setKv('reports_consumed_seq', String(reports.uptoSeq));
  return end(res.rc, res.outcome, res.decision);
}
