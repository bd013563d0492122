/**
 * `engine metrics` behind the CLI (spec/wiki-tasks-pm-deck.md §6.4–6.7): the single-session block,
 * `--log`, the fleet view, and the experiment protocol (start = baseline stored in the session store
 * + `experiment` log line; `--experiment ID` = the computed keep/discard verdict).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { appendLog } from '../../substrate/files/wiki.js';
import { listTasks } from '../../substrate/files/tasks.js';
import { readTextIfExists } from '../../substrate/files/atomic.js';
import { LoopError } from '../../substrate/errors.js';
import { Store } from '../store/store.js';
import { eventsSince, getExperiment, putExperiment } from '../store/metrics.js';
import { enginePaths } from '../paths.js';
import { computeMetrics, type Metrics } from './compute.js';
import { gatherInputs, localDate, selectSession, sessionsOf } from './gather.js';
import { logSummary, renderBlock, renderFleet, type FleetRow } from './render.js';
import { cycleSeries, judgeExperiment, type Experiment, type Verdict } from './experiment.js';

export interface ReportOut { code: number; stdout: string[]; stderr: string[]; json: unknown }

/** Metrics of one (root, session); session null = pick per §6.1. */
export function sessionMetrics(root: string, requested: string | undefined, tmuxSession: string | null, now: Date): { m: Metrics; lanes: Array<{ lane: string; status: string }> } {
  const sel = selectSession(root, requested, tmuxSession);
  const { inputs, store } = gatherInputs(root, sel.session, now, [...sel.notes]);
  return { m: computeMetrics(inputs), lanes: store?.lanes ?? [] };
}

/** Single mode (+ `--log`). Exit 1 with the block printed when `--log` has no log.md to append to. */
export function singleReport(root: string, o: { session?: string; log?: boolean; tmuxSession: string | null; now: Date }): ReportOut {
  const { m } = sessionMetrics(root, o.session, o.tmuxSession, o.now);
  const date = localDate(o.now);
  const out: ReportOut = { code: 0, stdout: renderBlock(m, date), stderr: [], json: { contract_version: 1, date, root, ...m } };
  if (o.log) {
    const log = join(root, 'ops-wiki', 'log.md');
    if (!existsSync(log)) { out.stderr.push(`error: ${log} does not exist; nothing logged (run \`loop init\`)`); out.code = 1; return out; }
    appendLog(log, 'metrics', logSummary(m), o.now);
    out.stderr.push(`logged: ## [${o.now.toISOString().slice(0, 10)}] metrics | ${logSummary(m)}`);
  }
  return out;
}

/** Fleet mode (§6.6): every session under every root. */
export function fleetReport(roots: string[], now: Date): ReportOut {
  const rows: FleetRow[] = [];
  const shipped = new Map<string, number>(); const experiments = new Map<string, number>(); const activeLoops = new Map<string, number>();
  for (const root of [...new Set(roots)]) {
    const open = listTasks(root).tasks.filter((t) => !t.archived && (t.status === 'open' || t.status === 'in-progress' || t.status === 'review'));
    try {
      const ledger = JSON.parse(readTextIfExists(join(root, '.loop', 'orchestrator-state.json')) ?? '{}') as { loops?: Record<string, { status?: string }> };
      activeLoops.set(root, Object.values(ledger.loops ?? {}).filter((l) => l && l.status !== 'done').length);
    } catch { activeLoops.set(root, 0); }
    for (const s of sessionsOf(root)) {
      const { m, lanes } = sessionMetrics(root, s, null, now);
      shipped.set(root, m.tasks_done_7d);
      experiments.set(root, m.experiments);
      const idle = lanes.filter((l) => l.lane !== 'coord' && l.status === 'idle' && open.some((t) => t.loop === s || t.loop === l.lane)).length;
      rows.push({ root, metrics: m, idleWithBacklog: idle });
    }
  }
  return { code: 0, stdout: renderFleet(rows, roots, { shipped, experiments, activeLoops }), stderr: [], json: { contract_version: 1, sessions: rows.map((r) => ({ root: r.root, lanes_idle_with_backlog: r.idleWithBacklog, ...r.metrics })) } };
}

/**
 * Start an experiment (§6.7): record `{id, change, started_at, baseline}` in the session store,
 * append `## [date] experiment | <change>` and a baseline metrics line to log.md. Throws LoopError
 * `experiment-exists` when the id is taken, `usage` without a session, `no-session` (exit 1) when
 * `.loop/sessions/<session>/` does not exist (nothing is created then).
 */
export function startExperiment(root: string, session: string | null, id: string, change: string, now: Date): ReportOut {
  if (!session) throw new LoopError('usage', 'metrics --experiment-start needs a session (--session or the sole session)', { exitCode: 2 });
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(id)) throw new LoopError('usage', `experiment id '${id}' must be [A-Za-z0-9._-]`, { exitCode: 2 });
  // Opening the store creates it: a misspelt --session must not leave a stray session directory
  // behind (it would break the sole-session default of every later metrics run).
  if (/[/\\]|^\.\.?$/.test(session) || !existsSync(join(root, '.loop', 'sessions', session))) {
    throw new LoopError('no-session', `no session '${session}' under ${join(root, '.loop', 'sessions')}; nothing recorded`, { hint: `pick one of: ${sessionsOf(root).join(', ') || '(none yet: start the engine first)'}` });
  }
  const { m } = sessionMetrics(root, session, null, now);
  const store = new Store(enginePaths(root, session).db);
  try {
    if (getExperiment(store, id)) throw new LoopError('experiment-exists', `experiment '${id}' already exists in session '${session}'`);
    const x: Experiment = { id, change, started_at: now.toISOString().replace(/\.\d{3}Z$/, 'Z'), baseline: { checkpoint_tokens: m.checkpoint_tokens === 'n/a' ? 0 : m.checkpoint_tokens, pending_messages: m.pending_messages === 'n/a' ? null : m.pending_messages } };
    putExperiment(store, x);
    const log = join(root, 'ops-wiki', 'log.md');
    appendLog(log, 'experiment', `${change} (id ${id})`, now);
    appendLog(log, 'metrics', logSummary({ ...m, experiments: m.experiments + 1 }), now); // the baseline line counts the experiment just logged
    return { code: 0, stdout: [`experiment ${id} started at ${x.started_at}: ${change}`, `baseline: checkpoint_tokens=${x.baseline.checkpoint_tokens} pending_messages=${x.baseline.pending_messages ?? 'n/a'}`], stderr: [], json: { contract_version: 1, experiment: x } };
  } finally { store.close(); }
}

/** The computed verdict of experiment `id` (§6.7): keep, discard or pending (< 3 cycles); exit 0 either way (the verdict is data). Throws LoopError `experiment-missing`, `usage` without a session. */
export function experimentReport(root: string, session: string | null, id: string, now: Date): ReportOut {
  if (!session) throw new LoopError('usage', 'metrics --experiment needs a session (--session or the sole session)', { exitCode: 2 });
  const db = enginePaths(root, session).db;
  if (!existsSync(db)) throw new LoopError('experiment-missing', `no engine store for session '${session}'; no experiment '${id}'`);
  const store = new Store(db);
  try {
    const x = getExperiment<Experiment>(store, id);
    if (!x) throw new LoopError('experiment-missing', `no experiment '${id}' in session '${session}'`, { hint: 'start one with engine metrics --experiment-start ID --note TEXT' });
    const { m } = sessionMetrics(root, session, null, now);
    const series = cycleSeries(eventsSince(store, x.started_at), x.baseline.pending_messages ?? 0);
    const span = now.getTime() - Date.parse(x.started_at);
    const rl = readTextIfExists(join(root, '.loop', 'sessions', session, 'lane-restarts.jsonl')) ?? '';
    let before = 0; let during = 0;
    for (const line of rl.split('\n')) {
      try {
        const r = JSON.parse(line) as Record<string, unknown>;
        if ('event' in r || typeof r.timestamp !== 'string') continue;
        const t = Date.parse(r.timestamp);
        if (t >= Date.parse(x.started_at)) during++; else if (t >= Date.parse(x.started_at) - span) before++;
      } catch { /* blank or corrupt line */ }
    }
    const v: Verdict = judgeExperiment(x, { ...series, checkpointTokensNow: m.checkpoint_tokens === 'n/a' ? 0 : m.checkpoint_tokens, restartsBefore: before, restartsDuring: during });
    const lines = [`experiment ${id}: ${x.change}`, `started ${x.started_at} · ${v.cycles} cycle(s) since`, `verdict: ${v.verdict.toUpperCase()}`, ...v.reasons.map((r) => `  - ${r}`)];
    if (v.verdict === 'discard') lines.push(`revert the change by hand, then log it: append "## [${now.toISOString().slice(0, 10)}] experiment | reverted: ${x.change}" to ops-wiki/log.md`);
    return { code: 0, stdout: lines, stderr: [], json: { contract_version: 1, experiment: x, ...v } };
  } finally { store.close(); }
}
