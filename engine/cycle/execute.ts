/**
 * Executing approved actions (spec/engine.md §7) at most once (DESIGN.md §4): the action row is
 * committed `executing` BEFORE the side effect and `executed`/`failed` after. Nothing is retried.
 * Pane text and payloads are data handed to the substrate as single arguments — never a shell.
 */
import { join } from 'node:path';
import { dispatchToLane, dispatchEnv } from '../../substrate/dispatch.js';
import { addLane, dropLane } from '../../substrate/windows.js';
import { observeOptionsFromEnv } from '../../substrate/observe.js';
import { listTasks, setTaskStatus } from '../../substrate/files/tasks.js';
import { describeError, LoopError } from '../../substrate/errors.js';
import type { Action, ActionRecord, DecisionDoc } from '../protocol/decision.js';
import { actionTarget } from '../protocol/decision.js';
import type { EngineContext } from '../context.js';

/** The reply footer appended to a steer that expects an answer (spec §7, exact `re:<ask-id>`). */
export function askFooter(root: string, lane: string, askId: string, now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const file = join(root, '.loop', 'messages', `${stamp}-${lane}-to-coord.md`);
  return `\n\nWhen you have the answer, write a mailbox message at ${file} (any later timestamp is fine) whose frontmatter is:\n---\nsubject: re:${askId}\n---\nfollowed by your answer.`;
}

async function perform(ctx: EngineContext, decisionId: string, rec: ActionRecord, failedTasks: Set<string>): Promise<void> {
  const a: Action = rec.action;
  const observe = observeOptionsFromEnv();
  const env = dispatchEnv();
  switch (a.kind) {
    case 'dispatch':
      await dispatchToLane(ctx.tmux, ctx.session, a.lane, a.payload, { mode: a.mode, waitReady: a.wait_ready, readyTimeoutMs: env.readyTimeoutMs, pasteDelayMs: env.pasteDelayMs, observe });
      return;
    case 'steer': {
      const askId = `${decisionId}-${rec.idx}`;
      const payload = a.expects_reply ? a.payload + askFooter(ctx.root, a.lane, askId, ctx.now()) : a.payload;
      await dispatchToLane(ctx.tmux, ctx.session, a.lane, payload, { mode: a.mode, interrupt: a.interrupt, waitReady: a.wait_for_idle, readyTimeoutMs: 120_000, pasteDelayMs: env.pasteDelayMs, observe });
      if (a.expects_reply) {
        ctx.store.addAsk({ id: askId, decision_id: decisionId, lane: a.lane, created_at: ctx.ts(), reply_timeout_s: a.reply_timeout_s });
        ctx.emit('ask', { id: askId, lane: a.lane, reply_timeout_s: a.reply_timeout_s });
      }
      return;
    }
    case 'add_lane': {
      await addLane(ctx.tmux, { session: ctx.session, window: a.window, harness: a.harness ?? undefined, cmd: a.cmd ?? undefined, model: a.model ?? undefined, role: a.role ?? undefined, autoApprove: a.auto_approve, cwd: ctx.root, projectRoot: ctx.root });
      if (a.brief) await dispatchToLane(ctx.tmux, ctx.session, a.window, a.brief, { mode: 'text', waitReady: true, readyTimeoutMs: 60_000, pasteDelayMs: env.pasteDelayMs, observe });
      return;
    }
    case 'drop_lane':
      await dropLane(ctx.tmux, ctx.session, a.window, false);
      return;
    case 'stop':
      return;
    case 'escalate':
      ctx.emit('escalate', { summary: a.summary, rationale: a.rationale, decision: decisionId });
      return;
    case 'task_status': {
      if (failedTasks.has(a.task)) throw new LoopError('paired-dispatch-failed', `not moved: the dispatch of ${a.task} in this decision failed`);
      const t = listTasks(ctx.root).tasks.find((x) => x.id === a.task);
      if (!t) throw new LoopError('task-not-found', `task ${a.task} not found under tasks/`);
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
      ctx.store.decisions.setAction(doc.id, rec.idx, 'executing', ctx.ts());
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
