/**
 * The metrics of spec/wiki-tasks-pm-deck.md §6.3, computed from plain data (no I/O): the gatherer
 * (gather.ts) reads the engine store, the ops-wiki log, the restart log and the mailbox and hands
 * the rows over. `n/a` (not derivable) and 0 (nothing happened) are kept distinct as specified.
 */

export type NA = 'n/a';
export type Num = number | NA;
export interface EventIn { ts: string; type: string; data: Record<string, unknown> }
/** One brain_calls row of the engine store (the usage source when no brain-usage events exist). */
export interface BrainCallIn { started_at: string; brain: string; failure_kind: string | null; input_tokens: number | null; output_tokens: number | null; cost_usd: number | null }

export interface MetricsInputs {
  now: Date;
  /** Local date `YYYY-MM-DD` seven days before today (log entries on or after it count). */
  logSince: string;
  session: string | null;
  checkpoint: { tokens: number; detail: string } | null;
  pending: number | null;
  /** Parsed lane-restarts.jsonl objects; null when the file is missing. */
  restarts: Array<Record<string, unknown>> | null;
  log: string | null;
  /** Events of the session store; null when there is no store. */
  events: EventIn[] | null;
  brainCalls: BrainCallIn[];
  /** Subject of a mailbox file found in messages/, processed/ or failed/; undefined when found nowhere. */
  mailSubject: (file: string) => string | null | undefined;
  /** Notes from gathering (session defaulting, unreadable files), printed first. */
  notes: string[];
}

export interface Metrics {
  session: string | null;
  checkpoint_tokens: Num; checkpoint_detail: string; pending_messages: Num; restarts_24h: number; giveups_24h: number;
  engine_approvals: number; total_decisions: number; autonomy_ratio: Num;
  interventions: number; tasks_done_7d: number; interventions_per_shipped_unit: Num;
  escalations_7d: number; rejects_7d: number; stops_7d: number; ingest_timeouts_7d: number; lane_restarts_7d: number;
  unsolicited_steers_7d: number; brain_calls_7d: number; brain_tokens_7d: Num; cost_usd_7d: Num;
  build_tokens_7d: Num; build_cost_usd_7d: Num; cost_per_shipped_unit: Num; cost_per_decision: Num;
  dispatches_per_lane_7d: Record<string, number>; distinct_lanes_used_7d: number;
  ingests_7d: number; lints_7d: number; checkpoints_7d: number; experiments: number;
  notes: string[];
}

const DAY = 86_400_000;
const LOG_RE = /^## \[(\d{4}-\d{2}-\d{2})\] ([a-z][a-z-]*) \| (.*)$/;
const MAIL_RE = /^(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})-(.+)-to-([^-]+)\.md$/;
const tsMs = (s: unknown): number | null => (typeof s === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(s) ? Date.parse(s) : null);
const nonNegInt = (v: unknown): number | null => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : null);
const nonNeg = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : null);
export const ratio = (a: number, b: number, digits: number): Num => (b > 0 ? Number((a / b).toFixed(digits)) : 'n/a');

interface Usage { tokens: number | null; cost: number | null; source: string | null }
function usageOf(d: Record<string, unknown>): Usage {
  let tokens = nonNegInt(d.total_tokens);
  if (tokens === null) {
    const parts = ['input_tokens', 'output_tokens', 'cache_creation_input_tokens', 'cache_read_input_tokens'].map((k) => nonNegInt(d[k])).filter((x): x is number => x !== null);
    tokens = parts.length ? parts.reduce((a, b) => a + b, 0) : null;
  }
  return { tokens, cost: nonNeg(d.cost_usd), source: typeof d.cost_source === 'string' ? d.cost_source : null };
}

/** Token and cost totals over counted usages (§6.3 rules for brain_tokens_7d / cost_usd_7d). */
function totals(us: Usage[], activity: boolean, what: string, notes: string[]): { tokens: Num; cost: Num } {
  const counted = us.filter((u) => u.source !== 'unavailable');
  const unavailable = us.length - counted.length;
  if (unavailable) notes.push(`${unavailable} ${what} usage event(s) unavailable; skipped from token/cost totals`);
  const known = counted.filter((u) => u.tokens !== null);
  if (counted.length > known.length) notes.push(`${counted.length - known.length} ${what} usage event(s) carry no token totals`);
  const unpriced = counted.filter((u) => u.cost === null).length;
  if (unpriced) notes.push(`${unpriced} ${what} usage event(s) unpriced; cost metrics n/a`);
  const priced = counted.filter((u) => u.cost !== null);
  const tokens: Num = !activity ? 0 : known.length ? known.reduce((a, u) => a + (u.tokens ?? 0), 0) : 'n/a';
  const cost: Num = !activity ? 0 : unpriced > 0 || priced.length === 0 ? 'n/a' : Number(priced.reduce((a, u) => a + (u.cost ?? 0), 0).toFixed(6));
  return { tokens, cost };
}

/** Compute every §6.3 metric. Pure; never throws on odd rows (they are skipped, some with a note). */
export function computeMetrics(i: MetricsInputs): Metrics {
  const notes = [...i.notes];
  const now = i.now.getTime();
  const in7d = (ms: number | null): boolean => ms !== null && ms >= now - 7 * DAY && ms <= now + DAY;
  // restarts
  let restarts24 = 0; let giveups24 = 0; let restarts7 = 0;
  if (i.restarts === null) notes.push(i.session ? `no lane-restarts.jsonl for session '${i.session}'; restart counts read 0` : 'no session; restart counts read 0');
  for (const r of i.restarts ?? []) {
    const ms = tsMs(r.timestamp);
    if (ms === null) continue;
    const restart = !('event' in r);
    if (restart && ms >= now - DAY) restarts24++;
    if (r.event === 'giving-up' && ms >= now - DAY) giveups24++;
    if (restart && in7d(ms)) restarts7++;
  }
  // log.md
  let experiments = 0; let checkpoints7 = 0; let tasksDone7 = 0;
  if (i.log === null) notes.push('no ops-wiki/log.md; log-derived counts read 0');
  for (const line of (i.log ?? '').split('\n')) {
    const m = LOG_RE.exec(line.replace(/\r$/, ''));
    if (!m) continue;
    const recent = (m[1] ?? '') >= i.logSince;
    if (m[2] === 'experiment') experiments++;
    if (m[2] === 'checkpoint' && recent) checkpoints7++;
    if (m[2] === 'task' && recent && /^T\d+ done/.test(m[3] ?? '')) tasksDone7++;
  }
  // events
  let engineApprovals = 0; let total = 0; let rejects = 0; let escalations = 0; let stops = 0; let ingestTimeouts = 0;
  let brainCalls = 0; let ingests = 0; let ingestedMsgs = 0; let lints = 0; let steers = 0; let badOk = 0;
  const perLane: Record<string, number> = {};
  const seenMail = new Set<string>();
  const brainUsage: Usage[] = []; const buildUsage: Usage[] = [];
  if (i.events === null) notes.push(i.session ? `no engine store (events) for session '${i.session}'; event metrics read 0 / n/a` : 'no session; event metrics read 0 / n/a');
  for (const e of i.events ?? []) {
    if (!in7d(tsMs(e.ts))) continue;
    const d = e.data;
    switch (e.type) {
      case 'decision-approved': total++; if (d.decided_by === 'engine') engineApprovals++; break;
      case 'decision-rejected': total++; rejects++; break;
      case 'escalate': escalations++; break;
      case 'action': {
        const lane = typeof d.lane === 'string' ? d.lane.trim().replace(/\s+/g, '_') : '';
        if (lane) perLane[lane] = (perLane[lane] ?? 0) + 1;
        if (d.kind === 'stop') stops++;
        break;
      }
      case 'ingest-timeout': ingestTimeouts++; break;
      case 'brain-call': brainCalls++; break;
      case 'ingest-done': ingests++; break;
      case 'mailbox-ingested': ingestedMsgs++; break;
      case 'lint-dispatch': if (d.ok === undefined || d.ok === true) lints++; else if (typeof d.ok !== 'boolean') badOk++; break;
      case 'brain-usage': if (d.attempt_status === undefined || d.attempt_status === 'success') brainUsage.push(usageOf(d)); break;
      case 'build-usage': buildUsage.push(usageOf(d)); break;
      case 'mailbox-new': {
        const file = typeof d.file === 'string' ? d.file : '';
        if (!file || seenMail.has(file)) break;
        seenMail.add(file);
        const m = MAIL_RE.exec(file);
        if (!m || m[8] !== 'coord' || m[7] === 'coord') break;
        if (!in7d(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!))) break;
        const subject = i.mailSubject(file);
        if (subject === undefined) { notes.push(`mailbox-new ${file} not found in messages/, processed/ or failed/; not counted`); break; }
        if (!/^re\s*:/i.test(subject ?? '')) steers++;
        break;
      }
      default: break;
    }
  }
  if (ingests === 0) ingests = ingestedMsgs; // loopdeck's builtin ingest reports per message
  if (badOk) notes.push('lint-dispatch with non-boolean ok skipped');
  // brain usage: brain-usage events when any, else the store's brain_calls rows (builtin brain costs nothing)
  let usage = brainUsage;
  if (!usage.length) {
    usage = i.brainCalls.filter((c) => c.failure_kind === null && in7d(tsMs(c.started_at))).map((c) => (c.brain === 'builtin'
      ? { tokens: 0, cost: 0, source: 'computed' }
      : { tokens: c.input_tokens === null && c.output_tokens === null ? null : (c.input_tokens ?? 0) + (c.output_tokens ?? 0), cost: c.cost_usd, source: c.cost_usd === null ? 'unpriced' : 'provider' }));
  }
  if (brainCalls > usage.length) notes.push(`${brainCalls - usage.length} brain-call event(s) lack brain-usage; skipped missing usage`);
  const brain = totals(usage, brainCalls > 0 || usage.length > 0, 'brain', notes);
  const build = totals(buildUsage, buildUsage.length > 0, 'build', notes);
  const interventions = escalations + steers + rejects;
  const cost = brain.cost;
  const lanes = Object.fromEntries(Object.entries(perLane).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return {
    session: i.session,
    checkpoint_tokens: i.checkpoint?.tokens ?? 0, checkpoint_detail: i.checkpoint?.detail ?? '', pending_messages: i.pending ?? 'n/a',
    restarts_24h: restarts24, giveups_24h: giveups24,
    engine_approvals: engineApprovals, total_decisions: total, autonomy_ratio: ratio(engineApprovals, total, 2),
    interventions, tasks_done_7d: tasksDone7, interventions_per_shipped_unit: ratio(interventions, tasksDone7, 2),
    escalations_7d: escalations, rejects_7d: rejects, stops_7d: stops, ingest_timeouts_7d: ingestTimeouts, lane_restarts_7d: restarts7,
    unsolicited_steers_7d: steers, brain_calls_7d: brainCalls, brain_tokens_7d: brain.tokens, cost_usd_7d: cost,
    build_tokens_7d: build.tokens, build_cost_usd_7d: build.cost,
    cost_per_shipped_unit: cost === 'n/a' ? 'n/a' : ratio(cost, tasksDone7, 6), cost_per_decision: cost === 'n/a' ? 'n/a' : ratio(cost, total, 6),
    dispatches_per_lane_7d: lanes, distinct_lanes_used_7d: Object.keys(lanes).length,
    ingests_7d: ingests, lints_7d: lints, checkpoints_7d: checkpoints7, experiments, notes,
  };
}
