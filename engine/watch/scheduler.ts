/**
 * One daemon tick (spec/engine.md §12.2), in order: heartbeat → tick jobs → observe → lane and
 * mailbox deltas → replies and ask expiry → state-file change → utilization → trigger hooks →
 * triggers (§12.3) → suppression (paused, pending decision, brain backoff, hour budget) → at most
 * one cycle in flight. Observation, asks and deltas carry on while paused or backing off; a tmux
 * server that dies is said out loud (an `error {kind: "tmux-server-gone"}` event, the daemon log
 * and `engine status`), never silently.
 */
import { statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { observeFleet, observeOptionsFromEnv, contractTs, type LaneState } from '../../substrate/observe.js';
import { pendingMailNames } from '../../substrate/files/mailbox.js';
import { describeError } from '../../substrate/errors.js';
import { getHarness } from '../../substrate/harness/registry.js';
import type { EngineContext } from '../context.js';
import type { EngineState } from '../protocol/snapshot.js';
import { runCycle } from '../cycle/run-cycle.js';
import { evaluateTriggers, laneDeltas, utilizationTrigger } from './triggers.js';
import { scanAsks } from './asks.js';
import { armBackoff, type Backoff } from './backoff.js';
import { triggerHooks, tickJobs } from './hooks.js';
import { routableIdleLanes } from './utilization.js';

/** What the daemon knows between ticks, also served in the snapshot. */
export interface LiveState {
  lanes: LaneState[];
  changedAt: Map<string, string>;
  state: EngineState;
  pid: number;
  backoffUntil: string | null;
  /** Why observation is failing right now (e.g. the tmux server is gone), else null. */
  observeError: { kind: string; error: string; since: string } | null;
}

export class Scheduler {
  readonly live: LiveState;
  private readonly lanes = new Map<string, string>();
  private knownMail = new Set<string>();
  private mailboxNew = false;
  private cycleNow = false;
  private boot = true;
  private lastCycleStart: number | null = null;
  private lastSkip = '';
  private pausedLogged = false;
  private transitions: Array<{ lane: string; from: string | null; to: string }> = [];
  private stateMtime: number | null;
  private backoff: Backoff | null = null;
  private utilLatch: string[] | null = null;
  private readonly hookFailed = new Set<string>();
  private readonly observeOpts = observeOptionsFromEnv();
  private readonly watchStart: number;
  inFlight: Promise<void> | null = null;

  constructor(private readonly ctx: EngineContext, private readonly exclusive: <T>(fn: () => Promise<T>) => Promise<T>, private readonly wake: () => void) {
    this.live = { lanes: [], changedAt: new Map(), state: 'running', pid: process.pid, backoffUntil: null, observeError: null };
    this.watchStart = ctx.now().getTime();
    this.stateMtime = this.ledgerMtime();
  }

  /** A person asked for a cycle (`cycle.now`): exempt from debounce, kept while suppressed. */
  requestCycle(): void { this.cycleNow = true; }

  private get mailDir(): string { return join(this.ctx.root, '.loop', 'messages'); }

  private ledgerMtime(): number | null {
    try { return statSync(join(this.ctx.root, '.loop', 'orchestrator-state.json')).mtimeMs; } catch { return null; }
  }

  private heartbeat(): void {
    const now = new Date();
    try { utimesSync(this.ctx.paths.pidFile, now, now); } catch { try { writeFileSync(this.ctx.paths.pidFile, `${process.pid}\n`); } catch { /* best effort */ } }
  }

  private async observe(): Promise<LaneState[] | null> {
    const { ctx } = this;
    try {
      const fleet = await observeFleet(ctx.tmux, ctx.session, this.observeOpts);
      if (this.live.observeError) {
        ctx.emit('observe-recovered', { kind: this.live.observeError.kind, since: this.live.observeError.since });
        ctx.out(`observation works again (${this.live.observeError.kind} since ${this.live.observeError.since})`);
        this.live.observeError = null;
      }
      return fleet.lanes;
    } catch (e) {
      const code = (e as { code?: string }).code ?? '';
      const kind = code === 'no-server' ? 'tmux-server-gone' : code === 'no-session' ? 'tmux-session-gone' : 'observe-failed';
      if (this.live.observeError?.kind !== kind) {
        const error = describeError(e);
        this.live.observeError = { kind, error, since: ctx.ts() };
        ctx.emit('error', { kind, error });
        ctx.out(kind === 'observe-failed' ? `observation failed: ${error}` : `${kind === 'tmux-server-gone' ? 'the tmux server is gone' : `tmux session '${ctx.session}' is gone`}: ${error} — no cycles until it is back (engine status shows this)`);
      }
      return null;
    }
  }

  /** One poll. Never throws: failures become events. */
  async tick(): Promise<void> {
    const { ctx } = this;
    const now = ctx.now();
    this.heartbeat();
    const paused = ctx.store.getKv('paused') === '1';
    if (!paused) this.pausedLogged = false;
    for (const job of tickJobs) {
      try { await job.run(ctx, { now, paused }); this.hookFailed.delete(job.name); } catch (e) { this.hookError(job.name, e); }
    }
    const fleet = await this.observe();
    // Without an observation no cycle runs, but replies and ask expiry do not depend on tmux.
    if (!fleet) { scanAsks(ctx, this.mailDir); return; }
    const deltas = laneDeltas(this.lanes, fleet);
    for (const d of deltas) {
      this.lanes.set(d.lane, d.to);
      this.live.changedAt.set(d.lane, ctx.ts());
      ctx.emit('lane-status', { lane: d.lane, from: d.from, to: d.to });
      ctx.notify('lane.changed', { lane: d.lane, from: d.from, to: d.to, at: ctx.ts() });
    }
    this.live.lanes = fleet;
    ctx.store.setKv('last_fleet', JSON.stringify({ at: ctx.ts(), lanes: fleet }));
    const mail = pendingMailNames(this.mailDir); // names only: a tick never reads message bodies
    for (const f of mail) if (!this.knownMail.has(f) && !this.boot) { ctx.emit('mailbox-new', { file: f }); this.mailboxNew = true; }
    if (mail.length !== this.knownMail.size || mail.some((f) => !this.knownMail.has(f))) ctx.notify('mailbox.changed', { pending: mail.length });
    this.knownMail = new Set(mail);
    const replied = scanAsks(ctx, this.mailDir).length > 0;
    const mtime = this.ledgerMtime();
    const stateChanged = !this.boot && mtime !== this.stateMtime;
    this.stateMtime = mtime;
    // Lane transitions that would trigger stay sticky through the debounce window (a lane that
    // finished just after a cycle started must still get its cycle).
    this.transitions.push(...deltas.filter((d) => d.from === 'working' && d.to !== 'working' && d.to !== 'unknown'));
    const util = ctx.config.target_lane_utilization > 0 ? utilizationTrigger(routableIdleLanes(ctx, fleet), this.utilLatch) : { pending: false, latch: null, suppressed: false };
    this.utilLatch = util.latch;
    const hookReasons: string[] = [];
    for (const h of triggerHooks) {
      try { if (await h.pending(ctx, now)) hookReasons.push(h.reason); this.hookFailed.delete(h.reason); } catch (e) { this.hookError(h.reason, e); }
    }
    const reasons = evaluateTriggers({
      now: now.getTime(), watchStart: this.watchStart, lastCycleStart: this.lastCycleStart, intervalS: ctx.config.checkpoint_interval_s, minCycleS: ctx.config.min_cycle_interval_s,
      boot: this.boot, mailboxNew: this.mailboxNew, transitions: this.transitions, cycleNow: this.cycleNow,
      stateChanged, replyReceived: replied, hookReasons, utilizationPending: util.pending,
    });
    if (this.inFlight) return;
    this.boot = false;
    if (!reasons.length) {
      if (util.suppressed) this.skip('lane-utilization-no-progress', ['lane-utilization-pending']);
      return;
    }
    if (this.suppressed(reasons, paused, now)) return;
    this.run(reasons);
  }

  private hookError(name: string, e: unknown): void {
    if (this.hookFailed.has(name)) return;
    this.hookFailed.add(name);
    this.ctx.emit('error', { kind: 'hook-failed', hook: name, error: describeError(e) });
  }

  private skip(reason: string, triggers: string[], extra: Record<string, unknown> = {}, sigExtra = ''): void {
    const sig = `${reason}:${[...triggers].map((r) => r.split(':')[0]).sort().join(',')}:${sigExtra}`;
    if (sig !== this.lastSkip) this.ctx.emit('cycle-skip', { reason, triggers, ...extra });
    this.lastSkip = sig;
  }

  /** Paused, a pending decision, brain backoff, the hour budget: skip (cycle-now stays queued). */
  private suppressed(reasons: string[], paused: boolean, now: Date): boolean {
    const { ctx } = this;
    this.live.state = paused ? 'paused' : 'running';
    if (paused) {
      if (!this.pausedLogged) ctx.emit('cycle-skip', { reason: 'paused', triggers: reasons });
      this.pausedLogged = true;
      return true;
    }
    if (ctx.store.decisions.pending()) { this.skip('pending-decision', reasons); return true; }
    if (this.backoff) {
      const deadline = contractTs(new Date(this.backoff.deadline));
      if (now.getTime() < this.backoff.deadline) {
        this.live.state = 'backoff';
        this.skip(`${this.backoff.kind}-backoff`, reasons, { deadline }, deadline);
        return true;
      }
      ctx.emit(`${this.backoff.kind}-backoff-cleared`, { deadline });
      this.backoff = null;
      this.live.backoffUntil = null;
    }
    if (ctx.config.brain.kind !== 'builtin') {
      const hourAgo = contractTs(new Date(now.getTime() - 3600_000));
      const used = ctx.store.brainCallsSince(hourAgo).calls;
      if (used >= ctx.config.brain.max_calls_per_hour) { this.skip('budget', reasons, { calls: used, max_calls_per_hour: ctx.config.brain.max_calls_per_hour }); return true; }
    }
    return false;
  }

  private run(reasons: string[]): void {
    const { ctx } = this;
    this.lastSkip = '';
    this.transitions = [];
    const force = this.cycleNow;
    this.cycleNow = false;
    this.mailboxNew = false;
    this.lastCycleStart = ctx.now().getTime();
    const trigger = ctx.emit('cycle-trigger', { reasons });
    const routable = ctx.config.target_lane_utilization > 0 ? routableIdleLanes(ctx, this.live.lanes) : [];
    // The cycle runs beside the tick loop: observation, asks and IPC carry on during a long
    // brain call. `inFlight` keeps it to one cycle at a time; triggers stay sticky meanwhile.
    this.inFlight = this.exclusive(() => runCycle(ctx, { reasons, force }))
      .then((res) => {
        ctx.emit('cycle-result', { rc: res.rc, outcome: res.outcome, reasons });
        this.stateMtime = this.ledgerMtime(); // the cycle's own ledger writes are not a change
        if (res.rc === 1) this.armBackoff();
        if (routable.length) this.recordUtilization(routable, reasons, res.rc, trigger.seq);
      })
      .catch((e: unknown) => { ctx.emit('crash', { component: 'engine', error: describeError(e) }); ctx.emit('error', { kind: 'cycle-crashed', error: describeError(e) }); })
      .finally(() => { this.inFlight = null; this.wake(); });
  }

  private armBackoff(): void {
    const { ctx } = this;
    const failed = ctx.store.events.tail(20).reverse().find((e) => e.type === 'brain-failed');
    if (!failed) return;
    const b = armBackoff(String(failed.data.failure_kind ?? ''), String(failed.data.stderr_excerpt ?? ''), ctx.now(), ctx.config.brain.quota_backoff_minutes);
    if (!b) return;
    this.backoff = b;
    const deadline = contractTs(new Date(b.deadline));
    this.live.backoffUntil = deadline;
    this.live.state = 'backoff';
    if (b.kind === 'quota') ctx.emit('quota-backoff-set', { deadline, source: b.source });
    else ctx.emit('model-unavailable-backoff-set', { deadline, harness: ctx.config.brain.harness, model_failover: getHarness(ctx.config.brain.harness)?.model_failover ?? '' });
    ctx.out(`brain ${b.kind === 'quota' ? 'quota' : 'model unavailable'}: no cycles until ${deadline} (observation continues)`);
  }

  /** Spec §12.5: progress = an action routed to one of the idle lanes after the trigger. */
  private recordUtilization(lanes: string[], reasons: string[], rc: number, afterSeq: number): void {
    const { ctx } = this;
    const routed = ctx.store.events.list({ afterSeq, types: ['action'] }).some((e) => ['dispatch', 'steer', 'build'].includes(String(e.data.kind)) && lanes.includes(String(e.data.lane)));
    const pending = ctx.store.decisions.pending();
    const queued = pending?.actions.some((a) => ['dispatch', 'steer', 'build'].includes(a.action.kind) && lanes.includes(String((a.action as { lane?: string }).lane))) ?? false;
    if (routed || queued) { ctx.emit('lane-utilization-progress', { lanes }); this.utilLatch = null; return; }
    if (reasons.includes('lane-utilization-pending') || (reasons.length === 1 && reasons[0] === 'interval')) {
      this.utilLatch = lanes;
      ctx.emit('lane-utilization-no-progress', { lanes, rc, reasons });
    }
  }
}
