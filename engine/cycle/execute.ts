/**
 * Executing approved actions (spec/engine.md §7) at most once (DESIGN.md §4): the action row is
 * committed `executing` BEFORE the side effect and `executed`/`failed` after. Nothing is retried.
 * Pane text and payloads are data handed to the substrate as single arguments — never a shell.
 */
import { join } from 'node:path';
import { dispatchToLane, dispatchEnv } from '../../substrate/dispatch.js';
import { addLane, dropLane } from '../../substrate/windows.js';
import { observeOptionsFromEnv, observeLane, type ObserveOptions } from '../../substrate/observe.js';
import { isAgentHarness, isBareShell, takesPrompts } from '../../substrate/harness/registry.js';
import { listTasks, setTaskStatus } from '../../substrate/files/tasks.js';
import { describeError, LoopError } from '../../substrate/errors.js';
import type { Action, ActionRecord, DecisionDoc } from '../protocol/decision.js';
import { actionTarget } from '../protocol/decision.js';
import type { EngineContext } from '../context.js';
import { startBuild, startVerify, taskSpecReader } from '../drive/start.js';
import { embedTaskSpec } from '../drive/outcome.js';
import { ledgerBranches } from '../drive/paths.js';
import { readLedger } from '../../substrate/files/ledger.js';
import { hasHandoff, recoveryPreamble, writeHandoff } from './handoff.js';
import { isCodeWriter } from './governance.js';

/** The reply footer appended to a steer that expects an answer (spec §7, exact `re:<ask-id>`). */
export function askFooter(root: string, lane: string, askId: string, now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const file = join(root, '.loop', 'messages', `${stamp}-${lane}-to-coord.md`);
  return `\n\nWhen you have the answer, write a mailbox message at ${file} (any later timestamp is fine) whose frontmatter is:\n---\nsubject: re:${askId}\n---\nfollowed by your answer.`;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Observation options for carrying out an action: the environment's (CONTRACT.md env vars), with each tmux call
 * given at least 10 s. LOOP_LANE_STATUS_TMUX_TIMEOUT_S (2 s by default) keeps `loop lane-status` and the cycle's
 * observe from hanging, and a slow cycle simply runs again; an approved action runs at most once and is never
 * retried, so one tmux answer slowed past 2 s by a loaded machine must not fail it. A stuck server still fails
 * the action, within 10 s per call.
 */
export function actionObserve(env: NodeJS.ProcessEnv = process.env): ObserveOptions {
  const o = observeOptionsFromEnv(env);
  return { ...o, timeoutMs: Math.max(o.timeoutMs ?? 0, 10_000) };
}

/**
 * Look at the lane right before delivering text into it: the decision was made on an older
 * observation. Refuses (the action fails, never retried) when the pane fell back to a bare shell
 * (text would run as commands), when it sits at an approval prompt or errored, and — for a
 * dispatch — when it is not idle (after waiting up to `waitMs` when wait_ready asked for it). `fresh`: the lane was
 * just created, so a bare shell is waited out (up to `waitMs`) while its launch line starts the program.
 */
async function preflight(ctx: EngineContext, lane: string, o: { mode: 'text' | 'command'; needIdle: boolean; waitMs: number; interrupt: boolean; fresh?: boolean }): Promise<void> {
  const deadline = Date.now() + o.waitMs;
  for (;;) {
    if (ctx.signal?.aborted) throw new LoopError('engine-stopping', 'the engine is stopping; not delivered');
    const st = await observeLane(ctx.tmux, ctx.session, lane, actionObserve());
    if (!st) throw new LoopError('unknown-lane', `lane ${lane} is not in session ${ctx.session} any more`);
    if (o.mode === 'text' && isBareShell(st.currentCommand)) {
      // A lane created a moment ago shows its shell until the typed launch line has started the program.
      if (!o.fresh || Date.now() >= deadline) throw new LoopError('lane-is-shell', `lane ${lane} is at a bare shell (${st.currentCommand || 'no program'}): text would run as shell commands; not delivered`);
      await sleep(250);
      continue;
    }
    const blocking = st.status === 'errored' || (st.status === 'awaiting-approval' && !o.interrupt);
    if (blocking && Date.now() >= deadline) throw new LoopError('lane-not-ready', `lane ${lane} is ${st.status}; not delivered`);
    if (!blocking && (!o.needIdle || st.status === 'idle')) return;
    if (Date.now() >= deadline) throw new LoopError('lane-not-ready', `lane ${lane} is ${st.status}, not idle; not delivered`);
    await sleep(250);
  }
}

const branchesOf = (ctx: EngineContext): Record<string, string> => ledgerBranches(readLedger(join(ctx.root, '.loop', 'orchestrator-state.json')).state);

/**
 * Handoff flush before a drop (spec §7): only an agent lane verified idle right now gets its screen
 * appended to its lane page; anything else is a `handoff-skip`. Never blocks the drop.
 */
async function handoffFlush(ctx: EngineContext, window: string): Promise<void> {
  try {
    const st = await observeLane(ctx.tmux, ctx.session, window, actionObserve());
    const harness = st?.harness ?? null;
    if (!st || !harness || harness === 'shell' || harness === 'mprocs' || !(isAgentHarness(harness) || takesPrompts(harness))) { ctx.emit('handoff-skip', { window, reason: 'non-agent' }); return; }
    if (st.status !== 'idle') { ctx.emit('handoff-skip', { window, reason: 'not-verified-idle' }); return; }
    const branch = branchesOf(ctx)[window];
    writeHandoff(ctx.root, { window, harness, ts: ctx.ts(), worktree: branch ? `own worktree, branch ${branch} (carries over to a successor)` : 'shared checkout', tail: st.tail });
    ctx.emit('handoff-flush', { window, harness });
  } catch (e) {
    ctx.emit('handoff-skip', { window, reason: 'error', error: describeError(e) });
  }
}

async function perform(ctx: EngineContext, decisionId: string, rec: ActionRecord, failedTasks: Set<string>): Promise<void> {
  const a: Action = rec.action;
  const observe = actionObserve();
  const env = dispatchEnv();
  switch (a.kind) {
    case 'dispatch': {
      // A worktree lane may lack tasks/: embed the referenced task spec (spec §7).
      const payload = a.mode === 'text' && branchesOf(ctx)[a.lane] !== undefined ? embedTaskSpec(a.payload, taskSpecReader(ctx.root)) : a.payload;
      await preflight(ctx, a.lane, { mode: a.mode, needIdle: true, waitMs: a.wait_ready ? env.readyTimeoutMs : 0, interrupt: false });
      await dispatchToLane(ctx.tmux, ctx.session, a.lane, payload, { mode: a.mode, pasteDelayMs: env.pasteDelayMs, observe });
      return;
    }
    case 'steer': {
      const askId = `${decisionId}-${rec.idx}`;
      const payload = a.expects_reply ? a.payload + askFooter(ctx.root, a.lane, askId, ctx.now()) : a.payload;
      await preflight(ctx, a.lane, { mode: a.mode, needIdle: a.wait_for_idle, waitMs: a.wait_for_idle ? 120_000 : 0, interrupt: a.interrupt });
      await dispatchToLane(ctx.tmux, ctx.session, a.lane, payload, { mode: a.mode, interrupt: a.interrupt, pasteDelayMs: env.pasteDelayMs, observe });
      if (a.expects_reply) {
        ctx.store.addAsk({ id: askId, decision_id: decisionId, lane: a.lane, created_at: ctx.ts(), reply_timeout_s: a.reply_timeout_s });
        ctx.emit('ask', { id: askId, lane: a.lane, reply_timeout_s: a.reply_timeout_s });
      }
      return;
    }
    case 'add_lane': {
      // Handoff recovery and worktree provisioning (spec §7, §6.7).
      // An explicit `worktree: true` is honoured for any lane, a literal cmd too (substrate
      // addLane provisions it); a branch carry alone only for a code writer (spec §6.7).
      const carry = branchesOf(ctx)[a.window] ?? null;
      const worktree = a.worktree === true || (carry !== null && isCodeWriter(a.harness, a.cmd));
      let brief = a.brief;
      if (hasHandoff(ctx.root, a.window)) {
        brief = `${recoveryPreamble({ window: a.window, mailboxDir: join(ctx.root, '.loop', 'messages'), branch: carry })}\n${brief}`;
        ctx.emit('handoff-recovery', { window: a.window, worktree_carry: carry !== null });
      }
      if (worktree) brief = embedTaskSpec(brief, taskSpecReader(ctx.root));
      await addLane(ctx.tmux, { session: ctx.session, window: a.window, harness: a.harness ?? undefined, cmd: a.cmd ?? undefined, model: a.model ?? undefined, role: a.role ?? undefined, autoApprove: a.auto_approve, cwd: ctx.root, projectRoot: ctx.root, ...(worktree ? { worktree: true } : {}) });
      if (brief) {
        await preflight(ctx, a.window, { mode: 'text', needIdle: true, waitMs: 60_000, interrupt: false, fresh: true });
        await dispatchToLane(ctx.tmux, ctx.session, a.window, brief, { mode: 'text', pasteDelayMs: env.pasteDelayMs, observe });
      }
      return;
    }
    case 'drop_lane':
      await handoffFlush(ctx, a.window);
      await dropLane(ctx.tmux, ctx.session, a.window, false);
      return;
    case 'verify':
      await startVerify(ctx, a);
      return;
    case 'build':
      await startBuild(ctx, a);
      return;
    case 'stop':
      return;
    case 'escalate':
      ctx.emit('escalate', { summary: a.summary, rationale: a.rationale, decision: decisionId });
      return;
    case 'task_status': {
      if (failedTasks.has(a.task)) throw new LoopError('paired-dispatch-failed', `not moved: the dispatch of ${a.task} in this decision failed`);
      if (a.to === 'in-progress') {
        const paired = ctx.store.decisions.get(decisionId)?.actions.find((r) => r.action.kind === 'dispatch' && r.action.task === a.task);
        if (paired && paired.status !== 'executed') throw new LoopError('paired-dispatch-not-run', `not moved: the dispatch of ${a.task} in this decision did not run (${paired.status})`);
      }
      const t = listTasks(ctx.root).tasks.find((x) => x.id === a.task);
      if (!t) throw new LoopError('task-not-found', `task ${a.task} not found under tasks/`);
      if (t.status === 'done' || t.status === 'dropped') throw new LoopError('task-closed', `task ${a.task} is ${t.status}: only a person reopens it`);
      setTaskStatus(t.path, a.to);
      ctx.emit('task-status', { task: a.task, from: t.status, to: a.to, decision: decisionId });
      return;
    }
    default:
      throw new LoopError('unsupported-action', `action kind ${(a as { kind: string }).kind} cannot be executed by this engine`);
  }
}

/**
 * Execute every action of `doc` whose status is approved or auto, in index order, continuing past
 * failures. Returns the indices that failed.
 */
export async function executeDecision(ctx: EngineContext, doc: DecisionDoc): Promise<number[]> {
  const failed: number[] = [];
  const failedTasks = new Set<string>();
  // Who is executing, so another process can tell a live execution from one a crash abandoned.
  ctx.store.setKv(`executor:${doc.id}`, String(process.pid));
  try {
    for (const rec of doc.actions) {
      if (rec.status !== 'approved' && rec.status !== 'auto') continue;
      const lane = actionTarget(rec.action);
      // The compare-and-set: if another process claimed it first, it is theirs (at most once).
      if (!ctx.store.decisions.claim(doc.id, rec.idx, ctx.ts())) continue;
      try {
        await perform(ctx, doc.id, rec, failedTasks);
        ctx.store.decisions.setAction(doc.id, rec.idx, 'executed', ctx.ts());
        ctx.emit('action', { decision: doc.id, idx: rec.idx, kind: rec.action.kind, lane });
      } catch (e) {
        const error = describeError(e);
        ctx.store.decisions.setAction(doc.id, rec.idx, 'failed', ctx.ts(), error);
        ctx.emit('action-failed', { decision: doc.id, idx: rec.idx, kind: rec.action.kind, lane, error });
        if (rec.action.kind === 'dispatch' && rec.action.task) failedTasks.add(rec.action.task);
        failed.push(rec.idx);
      }
    }
  } finally {
    ctx.store.deleteKv(`executor:${doc.id}`);
  }
  return failed;
}
