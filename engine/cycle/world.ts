/**
 * Observe step (spec/engine.md §4.4 in spirit): the fleet from one batched substrate sweep plus the
 * project files the brain reasons about. A tmux failure falls back to the previous observation
 * (stale) if there is one. File problems are collected, never thrown.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { observeFleet, observeOptionsFromEnv, type LaneState } from '../../substrate/observe.js';
import { listTasks, type Task } from '../../substrate/files/tasks.js';
import { listMailbox, type MailboxMessage } from '../../substrate/files/mailbox.js';
import { readLedger } from '../../substrate/files/ledger.js';
import { formatProblem } from '../../substrate/files/problems.js';
import { describeError } from '../../substrate/errors.js';
import type { EngineContext } from '../context.js';

export interface World {
  lanes: LaneState[];
  stale: boolean;
  staleReason: string | null;
  tasks: Array<Task & { text: string }>;
  mailbox: MailboxMessage[];
  processedCount: number;
  ledger: Record<string, unknown> | null;
  ledgerRaw: string | null;
  problems: string[];
}

const LAST_FLEET = 'last_fleet';

/**
 * Observe the fleet and read the project. Returns null when tmux cannot be read and no previous
 * observation exists (the cycle then exits 6).
 */
export async function observeWorld(ctx: EngineContext): Promise<World | null> {
  let lanes: LaneState[];
  let stale = false;
  let staleReason: string | null = null;
  try {
    lanes = (await observeFleet(ctx.tmux, ctx.session, observeOptionsFromEnv())).lanes;
    ctx.store.setKv(LAST_FLEET, JSON.stringify({ at: ctx.ts(), lanes }));
  } catch (e) {
    const prev = ctx.store.getKv(LAST_FLEET);
    if (!prev) { ctx.emit('observe-failed', { error: describeError(e) }); return null; }
    const p = JSON.parse(prev) as { at: string; lanes: LaneState[] };
    lanes = p.lanes;
    stale = true;
    staleReason = describeError(e);
    ctx.emit('observe-stale', { error: staleReason, lanes: lanes.length, observed_at: p.at });
  }
  return { ...readProject(ctx.root), lanes, stale, staleReason };
}

/** Read tasks (with full text), mailbox and ledger; problems as `file:line: what` strings. */
export function readProject(root: string): Omit<World, 'lanes' | 'stale' | 'staleReason'> {
  const problems: string[] = [];
  const t = listTasks(root);
  for (const p of t.problems) problems.push(formatProblem(p));
  const tasks = t.tasks.map((task) => {
    let text = '';
    try { text = readFileSync(task.path, 'utf8'); } catch (e) { problems.push(`${task.path}: cannot read: ${describeError(e)}`); }
    return { ...task, text };
  });
  const mb = listMailbox(join(root, '.loop', 'messages'));
  for (const p of mb.problems) problems.push(formatProblem(p));
  const ledgerPath = join(root, '.loop', 'orchestrator-state.json');
  const l = readLedger(ledgerPath);
  if (l.problem) problems.push(formatProblem(l.problem));
  return { tasks, mailbox: mb.pending, processedCount: mb.processedCount, ledger: l.state, ledgerRaw: l.raw, problems };
}
