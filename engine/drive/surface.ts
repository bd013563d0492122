/**
 * Surfacing drive results at the start of every cycle (spec/engine.md §10.3, §10.4): verify markers
 * whose result file holds a verdict become verify-passed/failed/stale; overdue ones are held, then
 * killed and timed out; build markers whose runner is gone become build-done/failed, overdue ones
 * build-timeout, each followed by build-usage when the codex log carries usage. Per-marker problems
 * are events and keep the marker; nothing here throws.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { updateLedger } from '../../substrate/files/ledger.js';
import { describeError } from '../../substrate/errors.js';
import type { EngineContext } from '../context.js';
import { BASE_BRANCH, BUILD_TIMEOUT_S, VERIFY_HARD_TIMEOUT_S, VERIFY_SOFT_TIMEOUT_S, buildLogDir, worktreePath } from './paths.js';
import { branchHead, isAncestor, killGroup, probeProcess } from './git.js';
import { listMarkers, removeMarker, type BuildMarker, type VerifyMarker } from './markers.js';
import { codexCost, codexUsage, isVerifyResult, judgeVerify } from './outcome.js';
import { ageS, type DriveState } from './pending.js';

function readResult(path: string): { value: unknown; present: boolean } {
  try { return { value: JSON.parse(readFileSync(path, 'utf8')), present: true }; } catch { return { value: null, present: false }; }
}

function recordVerifiedTip(ctx: EngineContext, m: VerifyMarker): void {
  if (!m.window || !m.tip_sha) return;
  const tip = m.tip_sha;
  try {
    updateLedger(join(ctx.root, '.loop', 'orchestrator-state.json'), (s) => {
      const loops = (s.loops && typeof s.loops === 'object' && !Array.isArray(s.loops) ? s.loops : (s.loops = {})) as Record<string, Record<string, unknown>>;
      const e = loops[m.window] && typeof loops[m.window] === 'object' ? loops[m.window]! : (loops[m.window] = {});
      if (e.verified_tip === tip) return false;
      e.verified_tip = tip;
      return true;
    });
  } catch (e) { ctx.emit('error', { kind: 'verified-tip-failed', window: m.window, error: describeError(e) }); }
}

const verifyAlive = (cmd: string, out: string): boolean => / verify( |$)/.test(cmd) && cmd.includes(`--out ${out}`);

async function surfaceOneVerify(ctx: EngineContext, m: VerifyMarker): Promise<void> {
  if (!m.out_path) return;
  const r = readResult(m.out_path);
  if (!isVerifyResult(r.value) && existsSync(m.out_path) && ctx.store.getKv(`bad-result:${m.out_path}`) === null) {
    // A result file that is there but unusable is reported once, located; the marker waits for its timeout.
    ctx.store.setKv(`bad-result:${m.out_path}`, ctx.ts());
    ctx.emit('input-problem', { problem: `${m.out_path}: ${r.present ? 'overall is not pass, concerns or fail' : 'not valid JSON'}; waiting for the verify timeout`, window: m.window });
  }
  if (!isVerifyResult(r.value)) {
    const age = ageS(m.started_at, ctx.now().getTime());
    if (age <= VERIFY_SOFT_TIMEOUT_S) return;
    const p = await probeProcess(m.pid);
    const state = p.state === 'alive' ? (verifyAlive(p.command, m.out_path) ? 'alive' : 'identity-mismatch') : p.state;
    const common = { window: m.window, branch: m.branch, branch_head: m.tip_sha ?? null, pid: m.pid, out_path: m.out_path, started_at: m.started_at, timeout_s: VERIFY_SOFT_TIMEOUT_S, hard_timeout_s: VERIFY_HARD_TIMEOUT_S, result_present: r.present };
    if ((state === 'alive' || state === 'unknown') && age <= VERIFY_HARD_TIMEOUT_S) {
      ctx.emit('verify-timeout-held', { ...common, age_s: Math.round(age), reason: state === 'alive' ? 'runner-alive' : 'ps-failed', error: p.state === 'unknown' ? p.error : null });
      return;
    }
    if (state === 'alive') await killGroup(m.pid);
    else if (state === 'identity-mismatch') ctx.emit('verify-kill-skip', { pid: m.pid, reason: 'identity-mismatch' });
    else if (p.state === 'unknown') ctx.emit('verify-kill-skip', { pid: m.pid, reason: 'ps-failed', error: p.error });
    recordVerifiedTip(ctx, m);
    ctx.emit('verify-timeout', { ...common, reason: state === 'gone' ? 'runner-gone' : 'hard-timeout' });
    removeMarker(ctx, 'verify', m.window);
    return;
  }
  const wt = worktreePath(ctx.root, ctx.session, m.window);
  const mergeable = !!m.window && !!m.branch && await isAncestor(wt, BASE_BRANCH, m.branch);
  const j = judgeVerify(r.value, mergeable);
  recordVerifiedTip(ctx, m);
  ctx.emit(j.event, { window: m.window, branch: m.branch, branch_head: m.tip_sha ?? null, overall: j.overall, findings: j.findings, max_severity: j.max_severity, out_path: m.out_path });
  removeMarker(ctx, 'verify', m.window);
}

/** Surface every verify marker (spec §10.3). */
export async function surfaceVerify(ctx: EngineContext): Promise<void> {
  for (const m of listMarkers(ctx, 'verify')) {
    try { await surfaceOneVerify(ctx, m); } catch (e) { ctx.emit('verify-surface-error', { window: m.window, out_path: m.out_path, error: describeError(e) }); }
  }
}

const buildAlive = (cmd: string, wt: string): boolean => cmd.includes('codex exec') && cmd.includes(`--cd ${wt} `);

function emitBuildUsage(ctx: EngineContext, m: BuildMarker, wt: string): void {
  try {
    const dir = buildLogDir(wt);
    const logs = readdirSync(dir).filter((f) => /^codex-build-\d+\.log$/.test(f)).sort((a, b) => Number(a.slice(12, -4)) - Number(b.slice(12, -4)));
    const newest = logs[logs.length - 1];
    if (!newest) return;
    const u = codexUsage(readFileSync(join(dir, newest), 'utf8'));
    if (!u) return;
    // `brain.codex_pricing` (the brain area's key; spec §11.6 USD per 1M tokens), absent ⇒ unpriced.
    const pricing = (ctx.config.brain as { codex_pricing?: Record<string, unknown> }).codex_pricing ?? {};
    ctx.emit('build-usage', { window: m.window, branch: m.branch, usage_source: 'codex-json', ...codexCost(u, pricing), ...u });
  } catch { /* no log: no usage */ }
}

async function surfaceOneBuild(ctx: EngineContext, m: BuildMarker): Promise<void> {
  const wt = m.worktree ?? worktreePath(ctx.root, ctx.session, m.window);
  const head = await branchHead(wt, m.branch);
  const p = await probeProcess(m.pid);
  const alive = p.state === 'unknown' || (p.state === 'alive' && buildAlive(p.command + ' ', wt));
  const pre = m.pre_build_sha;
  const base = { window: m.window, branch: m.branch, pre_build_sha: pre ?? null };
  let outcome: string | null = null;
  if (pre && head !== null && head !== pre && !alive) outcome = 'build-done';
  else if (pre && head === pre && !alive) {
    const again = await branchHead(wt, m.branch);
    outcome = again !== null && again !== pre ? 'build-done' : 'build-failed';
  } else if (ageS(m.started_at, ctx.now().getTime()) > BUILD_TIMEOUT_S) {
    if (p.state === 'alive' && buildAlive(p.command + ' ', wt)) {
      const err = await killGroup(m.pid);
      if (err) ctx.emit('build-kill-failed', { pid: m.pid, error: err });
    } else if (p.state === 'alive') ctx.emit('build-kill-skip', { pid: m.pid, reason: 'identity-mismatch' });
    else if (p.state === 'unknown') ctx.emit('build-kill-skip', { pid: m.pid, reason: 'ps-failed', error: p.error });
    ctx.emit('build-timeout', { ...base, pid: m.pid, started_at: m.started_at, timeout_s: BUILD_TIMEOUT_S, branch_head: head });
    outcome = 'timeout';
  }
  if (outcome === null) return;
  if (outcome !== 'timeout') ctx.emit(outcome, { ...base, branch_head: await branchHead(wt, m.branch) });
  emitBuildUsage(ctx, m, wt);
  removeMarker(ctx, 'build', m.window);
}

/** Surface every build marker (spec §10.4). */
export async function surfaceBuild(ctx: EngineContext): Promise<void> {
  for (const m of listMarkers(ctx, 'build')) {
    try { await surfaceOneBuild(ctx, m); } catch (e) { ctx.emit('build-surface-error', { window: m.window, error: describeError(e) }); }
  }
}

/** What the daemon's drive-pending trigger needs (feed it to `drivePending`). */
export async function driveState(ctx: EngineContext): Promise<DriveState> {
  const builds: DriveState['builds'] = [];
  for (const m of listMarkers(ctx, 'build')) {
    const p = await probeProcess(m.pid);
    const wt = m.worktree ?? worktreePath(ctx.root, ctx.session, m.window);
    builds.push({ started_at: m.started_at, pre_build_sha: m.pre_build_sha, runnerAlive: p.state === 'unknown' || (p.state === 'alive' && buildAlive(p.command + ' ', wt)) });
  }
  const verifies: DriveState['verifies'] = [];
  for (const m of listMarkers(ctx, 'verify')) {
    const p = await probeProcess(m.pid);
    verifies.push({ started_at: m.started_at, resultPresent: isVerifyResult(readResult(m.out_path).value), runnerAlive: p.state !== 'gone' });
  }
  return { now: ctx.now().getTime(), builds, verifies };
}
