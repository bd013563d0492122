/**
 * Brain → parse → gate → queue or execute (spec/engine.md §4.10–4.12, §6, §8): one brain call,
 * one corrective re-prompt on a contract error, then a needs-human stub. Every action is classified
 * by its shape; only what the approval mode allows runs without a person, and `escalate` never does.
 */
import type { ApprovalMode, DecisionDoc, ParsedDecision } from '../protocol/decision.js';
import type { EngineContext } from '../context.js';
import type { Brain, BrainContext, BrainResult } from '../brain/types.js';
import { callBrain } from '../brain/call.js';
import { makeBrain } from '../brain/index.js';
import { parseDecision, correctivePrompt } from './parse-decision.js';
import { gateBatch, autoExecutes } from './gate.js';
import { executeDecision } from './execute.js';
import { fileDecision } from './file-decision.js';
import type { World } from './world.js';
import { describeError } from '../../substrate/errors.js';
import { takesPrompts, isBareShell, harnessNames } from '../../substrate/harness/registry.js';
import { ledgerBranches } from '../drive/paths.js';
import { applyFixRoundCap } from '../drive/cap.js';
import { policyIsEmpty, rewriteHarnesses, wantsWorktree, type Roster } from './governance.js';
import { buildRoster, laneGovernance } from './roster.js';

export interface DecideResult { rc: 0 | 1 | 4; outcome: string; decision: DecisionDoc | null }

/** Run the brain and turn its answer into a gated decision. */
export async function decideAndGate(ctx: EngineContext, prompt: string, bctx: BrainContext, world: World, mode: ApprovalMode): Promise<DecideResult> {
  let brain: Brain;
  try { brain = makeBrain(ctx); } catch (e) { ctx.out(`error: ${describeError(e)}`); ctx.emit('brain-failed', { error: describeError(e), failure_kind: 'exit' }); return { rc: 1, outcome: 'brain-failed', decision: null }; }
  const pctx = { liveLanes: world.lanes.map((l) => l.lane), worktreeLanes: Object.keys(ledgerBranches(world.ledger)) };
  let raw: BrainResult;
  try { raw = await callBrain(ctx, brain, prompt, bctx); } catch (e) { ctx.out(`error: ${describeError(e)}`); return { rc: 1, outcome: 'brain-failed', decision: null }; }
  let parsed = parseDecision(raw.text, pctx);
  if (!parsed.ok) {
    const firstError = parsed.error;
    try { raw = await callBrain(ctx, brain, correctivePrompt(prompt, firstError), bctx); } catch (e) { ctx.out(`error: ${describeError(e)}`); return { rc: 1, outcome: 'brain-failed', decision: null }; }
    parsed = parseDecision(raw.text, pctx);
    if (!parsed.ok) return needsHuman(ctx, brain.name, mode, parsed.error, raw.text);
  }
  return queue(ctx, brain.name, mode, parsed.decision, world);
}

function needsHuman(ctx: EngineContext, brainName: string, mode: ApprovalMode, error: string, rawText: string): DecideResult {
  const id = ctx.store.decisions.nextId(ctx.now());
  const summary = `brain reply unusable after corrective re-prompt: ${error}`;
  const doc = ctx.store.decisions.create({ id, created_at: ctx.ts(), status: 'needs-human', approval_mode: mode, brain: brainName, critique: summary, raw_text: rawText.slice(0, 200_000), actions: [], reason: summary });
  ctx.emit('decision-parse-error', { id, error });
  ctx.emit('escalate', { summary });
  fileDecision(ctx, doc);
  ctx.notify('decision.queued', { decision: doc });
  ctx.out(`decision ${id} needs a human: ${error}`);
  return { rc: 4, outcome: 'needs-human', decision: doc };
}

async function queue(ctx: EngineContext, brainName: string, mode: ApprovalMode, d: ParsedDecision, world: World): Promise<DecideResult> {
  const id = ctx.store.decisions.nextId(ctx.now());
  d = { ...d, actions: applyFixRoundCap(ctx, d.actions, world.ledger) };
  ctx.emit('decision', { id, actions: d.actions.map((a) => a.kind) });
  const laneKinds = Object.fromEntries(world.lanes.map((l) => [l.lane, l.laneKind]));
  const laneInputs = Object.fromEntries(world.lanes.map((l) => [l.lane, takesPrompts(l.harness) && !isBareShell(l.currentCommand) ? 'agent' as const : 'shell' as const]));
  const taskStatuses = Object.fromEntries(world.tasks.map((t) => [t.id, t.status]));
  const cfg = ctx.config.destructive;
  // Governance (spec §4.7, §6.3–6.4, §6.7): only under a non-empty harness policy.
  const policy = policyIsEmpty(ctx.config.harness_policy) ? null : ctx.config.harness_policy;
  let roster: Roster | null = null;
  const gov = policy ? laneGovernance(world.lanes) : null;
  if (policy) {
    try { roster = await buildRoster(); } catch (e) { ctx.emit('error', { kind: 'roster-failed', error: describeError(e) }); }
    if (gov && gov.codeWriters >= 3) ctx.emit('integration-lane-recommended', { code_writers: gov.codeWriters });
    if (roster) {
      const rw = rewriteHarnesses(d.actions, policy, roster);
      for (const r of rw.rewrites) ctx.emit('harness-rewrite', { ...r });
      d = { ...d, actions: rw.actions };
    }
  }
  const branches = ledgerBranches(world.ledger);
  d = { ...d, actions: d.actions.map((a) => (a.kind === 'add_lane' ? { ...a, worktree: wantsWorktree(a, gov?.codeWriters ?? null, branches[a.window] !== undefined) } : a)) };
  const verdicts = gateBatch({
    policy, roster, laneHarnesses: gov?.laneHarnesses ?? null, roleWorkers: gov?.roleWorkers ?? null,
    actions: d.actions, liveLaneCount: world.lanes.length, laneKinds, laneInputs, taskStatuses,
    agentHarnesses: new Set(harnessNames().filter(takesPrompts)),
    config: { maxDispatchesPerCycle: cfg.max_dispatches_per_cycle, maxLanes: cfg.max_lanes, payloadPatterns: cfg.payload_patterns },
  });
  ctx.emit('gate', { id, classifications: verdicts.map((v) => v.classification) });
  const actions = d.actions.map((action, i) => {
    const v = verdicts[i]!;
    const status = v.classification === 'blocked' ? ('rejected' as const) : autoExecutes(v.classification, action.kind, mode) ? ('auto' as const) : ('awaiting-approval' as const);
    return { action, classification: v.classification, reasons: v.reasons, status };
  });
  let doc = ctx.store.decisions.create({ id, created_at: ctx.ts(), status: 'pending', approval_mode: mode, brain: brainName, critique: d.critique, raw_text: d.raw_text.slice(0, 200_000), actions });
  if (actions.some((a) => a.status === 'auto')) { await executeDecision(ctx, doc); doc = ctx.store.decisions.get(id)!; }
  const awaiting = doc.actions.filter((a) => a.status === 'awaiting-approval').map((a) => a.idx);
  if (awaiting.length) {
    ctx.emit('decision-pending', { id, awaiting });
    ctx.notify('decision.queued', { decision: doc });
    ctx.out(`decision ${id} awaits approval (mode=${mode}): engine approve ${id}`);
    fileDecision(ctx, doc);
    return { rc: 0, outcome: 'pending', decision: doc };
  }
  doc = ctx.store.decisions.autoResolve(id, ctx.ts());
  ctx.emit('decision-approved', { id, decided_by: 'engine' });
  ctx.notify('decision.resolved', { decision: doc });
  ctx.out(`decision ${id} completed; nothing awaits approval`);
  fileDecision(ctx, doc);
  return { rc: 0, outcome: 'resolved', decision: doc };
}
