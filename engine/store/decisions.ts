/**
 * Decisions and their actions (spec/engine.md §8; DESIGN.md §4). At most one decision is pending
 * (a partial unique index). Action status changes are single committed statements so that
 * `executing` is durable BEFORE a side effect starts: after a crash it becomes `unknown` and is
 * never retried.
 */
import type { Db } from './db.js';
import type { Action, ActionRecord, ActionStatus, ApprovalMode, Classification, DecisionDoc, DecisionStatus } from '../protocol/decision.js';

interface DecisionRaw { id: string; created_at: string; status: DecisionStatus; approval_mode: ApprovalMode; brain: string; critique: string; decided_by: string | null; decided_at: string | null; reason: string }
interface ActionRaw { idx: number; action: string; classification: Classification; reasons: string; status: ActionStatus; error: string | null; updated_at: string }

export class PendingExistsError extends Error {
  readonly code = 'pending-exists';
  constructor(readonly pendingId: string) { super(`decision ${pendingId} is still pending; resolve it first (engine approve|reject ${pendingId})`); }
}

export interface NewDecision {
  id: string; created_at: string; status: 'pending' | 'needs-human'; approval_mode: ApprovalMode; brain: string; critique: string; raw_text: string;
  actions: Array<{ action: Action; classification: Classification; reasons: string[]; status: ActionStatus }>;
  reason?: string;
}

export class Decisions {
  constructor(private readonly db: Db) {}

  /**
   * A fresh id `d-YYYYMMDD-HHMMSS-<n>` (DESIGN.md §9.4). Two processes may compute the same one;
   * `create` then retries with the next n, so ids never collide.
   */
  nextId(now: Date): string {
    const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
    const n = (this.db.prepare("SELECT COUNT(*) AS n FROM decisions WHERE id LIKE ?").get(`d-${stamp}-%`) as { n: number }).n;
    return `d-${stamp}-${n}`;
  }

  /** Insert a decision with its actions in one transaction. @throws PendingExistsError */
  create(d: NewDecision): DecisionDoc {
    const id = this.db.transaction(() => {
      const pending = this.pending();
      if (pending) throw new PendingExistsError(pending.id);
      let id = d.id;
      for (let n = 1; this.db.prepare('SELECT 1 FROM decisions WHERE id = ?').get(id); n++) id = d.id.replace(/-(\d+)$/, (_, k: string) => `-${Number(k) + n}`);
      this.db.prepare('INSERT INTO decisions (id, created_at, status, approval_mode, brain, critique, raw_text, reason) VALUES (?,?,?,?,?,?,?,?)')
        .run(id, d.created_at, d.status, d.approval_mode, d.brain, d.critique, d.raw_text, d.reason ?? '');
      const ins = this.db.prepare('INSERT INTO actions (decision_id, idx, kind, action, classification, reasons, status, updated_at) VALUES (?,?,?,?,?,?,?,?)');
      d.actions.forEach((a, idx) => ins.run(id, idx, a.action.kind, JSON.stringify(a.action), a.classification, JSON.stringify(a.reasons), a.status, d.created_at));
      return id;
    }).immediate();
    return this.get(id)!;
  }

  get(id: string): DecisionDoc | null {
    const r = this.db.prepare('SELECT * FROM decisions WHERE id = ?').get(id) as DecisionRaw | undefined;
    if (!r) return null;
    const acts = this.db.prepare('SELECT idx, action, classification, reasons, status, error, updated_at FROM actions WHERE decision_id = ? ORDER BY idx').all(id) as ActionRaw[];
    const actions: ActionRecord[] = acts.map((a) => ({ idx: a.idx, action: JSON.parse(a.action) as Action, classification: a.classification, reasons: JSON.parse(a.reasons) as string[], status: a.status, error: a.error, updated_at: a.updated_at }));
    return { contract_version: 1, id: r.id, created_at: r.created_at, approval_mode: r.approval_mode, status: r.status, critique: r.critique, brain: r.brain, actions, decided_by: r.decided_by, decided_at: r.decided_at, reason: r.reason };
  }

  /** The decision in flight (pending or needs-human), if any. */
  pending(): DecisionDoc | null {
    const r = this.db.prepare("SELECT id FROM decisions WHERE status IN ('pending','needs-human')").get() as { id: string } | undefined;
    return r ? this.get(r.id) : null;
  }

  /** An approved decision whose actions are still running (approved, auto or executing), if any. */
  executing(): string | null {
    const r = this.db.prepare("SELECT decision_id AS id FROM actions WHERE status IN ('approved','auto','executing') LIMIT 1").get() as { id: string } | undefined;
    return r ? r.id : null;
  }

  /** Recent decisions, newest first. */
  recent(n: number): DecisionDoc[] {
    return (this.db.prepare('SELECT id FROM decisions ORDER BY created_at DESC, rowid DESC LIMIT ?').all(n) as Array<{ id: string }>).map((r) => this.get(r.id)!);
  }

  /**
   * Claim an approved/auto action for execution: the compare-and-set that makes execution at most
   * once across processes. Returns false when someone else claimed it (or it is not runnable).
   */
  claim(id: string, idx: number, at: string): boolean {
    return this.db.prepare("UPDATE actions SET status = 'executing', updated_at = ? WHERE decision_id = ? AND idx = ? AND status IN ('approved','auto')").run(at, id, idx).changes === 1;
  }

  /** Set one action's status (committed immediately). */
  setAction(id: string, idx: number, status: ActionStatus, at: string, error: string | null = null): void {
    this.db.prepare('UPDATE actions SET status = ?, error = ?, updated_at = ? WHERE decision_id = ? AND idx = ?').run(status, error, at, id, idx);
  }

  /**
   * The one CAS transition of spec §8.3: pending|needs-human → approved|rejected. Approve with
   * `indices` approves those awaiting actions and rejects the other awaiting ones.
   * @throws Error not-found | id mismatch | already resolved
   */
  resolve(id: string, how: { status: 'approved' | 'rejected'; by: string; at: string; reason: string; indices?: number[] | null }): DecisionDoc {
    return this.db.transaction(() => {
      const cur = this.get(id);
      if (!cur) {
        const p = this.pending();
        throw Object.assign(new Error(p ? `pending decision is ${p.id}, not ${id}` : `no pending decision (${id} not found)`), { code: 'not-found' });
      }
      if (cur.status !== 'pending' && cur.status !== 'needs-human') throw Object.assign(new Error(`decision ${id} is already resolved (${cur.status})`), { code: 'already-resolved' });
      if (how.indices) {
        const awaiting = new Set(cur.actions.filter((a) => a.status === 'awaiting-approval').map((a) => a.idx));
        const bad = how.indices.filter((i) => !awaiting.has(i));
        if (how.indices.length === 0 || bad.length) throw Object.assign(new Error(how.indices.length === 0 ? 'no action indices given: pass the indices to approve, or none at all to approve every awaiting action' : `action(s) ${bad.join(', ')} of ${id} are not awaiting approval (awaiting: ${[...awaiting].join(', ') || 'none'})`), { code: 'bad-indices' });
      }
      const r = this.db.prepare("UPDATE decisions SET status = ?, decided_by = ?, decided_at = ?, reason = ? WHERE id = ? AND status IN ('pending','needs-human')").run(how.status, how.by, how.at, how.reason, id);
      if (r.changes !== 1) throw Object.assign(new Error(`decision ${id} changed while resolving`), { code: 'conflict' });
      for (const a of cur.actions) {
        if (a.status !== 'awaiting-approval') continue;
        const approve = how.status === 'approved' && (!how.indices || how.indices.includes(a.idx));
        this.setAction(id, a.idx, approve ? 'approved' : 'rejected', how.at);
      }
      return this.get(id)!;
    }).immediate();
  }

  /** Mark a decision resolved by the engine itself (nothing awaiting a person). */
  autoResolve(id: string, at: string): DecisionDoc {
    this.db.prepare("UPDATE decisions SET status = 'approved', decided_by = 'engine', decided_at = ?, reason = 'auto-resolved: nothing awaits approval' WHERE id = ? AND status = 'pending'").run(at, id);
    return this.get(id)!;
  }

  /**
   * Crash recovery (DESIGN.md §4): `executing` → `unknown` (never retried); approved/auto actions
   * that never started → `failed` with an explanation. Returns what changed.
   */
  recover(at: string, executorAlive: (decisionId: string) => boolean = () => false): Array<{ id: string; idx: number; from: ActionStatus; to: ActionStatus }> {
    const rows = (this.db.prepare("SELECT decision_id AS id, idx, status FROM actions WHERE status IN ('executing','approved','auto')").all() as Array<{ id: string; idx: number; status: ActionStatus }>)
      .filter((r) => !executorAlive(r.id));
    const out: Array<{ id: string; idx: number; from: ActionStatus; to: ActionStatus }> = [];
    this.db.transaction(() => {
      for (const r of rows) {
        if (r.status === 'executing') { this.setAction(r.id, r.idx, 'unknown', at, 'the engine stopped while this action was executing; it may or may not have happened — check the lane'); out.push({ ...r, from: r.status, to: 'unknown' }); }
        else { this.setAction(r.id, r.idx, 'failed', at, 'the engine stopped before this approved action ran; it was not run — re-propose it if still needed'); out.push({ ...r, from: r.status, to: 'failed' }); }
      }
    })();
    return out;
  }

  /** Latest executed dispatch per task id: task → lane (the builtin brain's assignments). */
  dispatchedTasks(): Map<string, { lane: string; at: string }> {
    const rows = this.db.prepare("SELECT action, updated_at FROM actions WHERE kind = 'dispatch' AND status = 'executed' ORDER BY updated_at ASC, rowid ASC").all() as Array<{ action: string; updated_at: string }>;
    const m = new Map<string, { lane: string; at: string }>();
    for (const r of rows) {
      const a = JSON.parse(r.action) as { task?: string | null; lane: string };
      if (a.task) m.set(a.task, { lane: a.lane, at: r.updated_at });
    }
    return m;
  }
}
