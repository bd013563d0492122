/**
 * The verify-drive prompt block (spec/engine.md §10.6), computed at every prompt assembly: which
 * worktree lanes await a build, are ready to verify, have a build/verify in flight, and the latest
 * build and verify outcomes (fix-round caps first), followed by the drive rubric. Merge/stale/cap
 * lines are shown once per outcome (`drive-escalate-surfaced`), except in a dry run, which writes
 * nothing. Returns "" when there is nothing to say.
 */
import type { EngineContext } from '../context.js';
import type { World } from '../cycle/world.js';
import type { EventRow } from '../store/events.js';
import { BASE_BRANCH, ledgerBranches, verifiedTip, worktreePath } from './paths.js';
import { branchHead, isAncestor } from './git.js';
import { listMarkers } from './markers.js';
import { currentCaps, VERIFY_OUTCOMES } from './cap.js';
import { utilizationBlock } from './utilization.js';

const BUSY = new Set(['working', 'awaiting-approval']);
const BUILD_OUTCOMES = ['build-done', 'build-failed', 'build-timeout'];
const u = (v: unknown): string => (v === null || v === undefined || v === '' ? '(unknown)' : String(v));

export const DRIVE_RUBRIC = [
  '--- drive rubric ---',
  '- Act only on each window\'s latest outcome.',
  '- awaiting-build ⇒ propose `build` from a named open task. In flight ⇒ wait.',
  '- build-done ⇒ the lane becomes ready-to-verify. build-failed ⇒ `build` a fix. build-timeout ⇒ a narrower `build`.',
  '- verify-passed (gate ok, no high/critical) ⇒ `escalate` "merge <branch> — verified, N findings" and stop fixing.',
  '- fix-round cap tripped ⇒ `escalate` needs-human-review; no more builds.',
  '- verify-failed / verify-timeout ⇒ `build` with the findings. verify-stale ⇒ `escalate` rebase-then-reverify, never merge.',
  '- ready-to-verify ⇒ `verify`.',
  '- Drive worktree lanes only with build/verify; never merge directly.',
].join('\n');

/** Newest event per window among `events` (oldest first). */
function latestPerWindow(events: EventRow[]): Map<string, EventRow> {
  const m = new Map<string, EventRow>();
  for (const e of events) if (typeof e.data.window === 'string') m.set(e.data.window, e);
  return m;
}

/** Show an escalate-class line once per (window, signal, outcome seq, head); records it unless `dry`. */
function firstShowing(ctx: EngineContext, dry: boolean, window: string, signal: string, seq: number, branch: unknown, head: unknown): boolean {
  if (dry) return true;
  const prev = ctx.store.events.tail(500, ['drive-escalate-surfaced']).reverse().find((e) => e.data.window === window && e.data.signal_kind === signal);
  if (prev && prev.data.latest_verify_seq === seq && prev.data.branch_head === (head ?? null)) return false;
  ctx.emit('drive-escalate-surfaced', { window, signal_kind: signal, branch: branch ?? null, branch_head: head ?? null, latest_verify_seq: seq });
  return true;
}

/** The block text (header, sub-blocks, rubric) or "" (spec §10.6 "No lines ⇒ no block"). */
export async function driveBlock(ctx: EngineContext, world: World, o: { dryRun: boolean }): Promise<string> {
  const branches = ledgerBranches(world.ledger);
  if (Object.keys(branches).length === 0) return '';
  const dry = o.dryRun;
  const base = await branchHead(ctx.root, BASE_BRANCH);
  if (base === null && !dry) ctx.emit('drive-base-unresolved', { base: BASE_BRANCH });
  const backlog = new Map<string, string[]>();
  for (const t of world.tasks) if (t.loop && ['open', 'in-progress', 'review'].includes(t.status)) backlog.set(t.loop, [...(backlog.get(t.loop) ?? []), t.id]);
  const status = new Map(world.lanes.map((l) => [l.lane, l.status]));
  const builds = listMarkers(ctx, 'build', dry);
  const verifies = listMarkers(ctx, 'verify', dry);
  const marked = new Set([...builds, ...verifies].map((m) => m.window));
  const recent = ctx.store.events.tail(100, [...VERIFY_OUTCOMES, ...BUILD_OUTCOMES]);
  const latestVerify = latestPerWindow(recent.filter((e) => VERIFY_OUTCOMES.includes(e.type)));
  const awaiting: string[] = [], ready: string[] = [];
  const landed = new Map<string, string>(), mergeReady = new Set<string>();
  for (const lane of [...new Set([...status.keys(), ...Object.keys(branches)])].sort()) {
    const branch = branches[lane];
    const st = status.get(lane);
    if (!branch || (st && BUSY.has(st)) || marked.has(lane)) continue;
    const head = await branchHead(worktreePath(ctx.root, ctx.session, lane), branch);
    const label = st ?? 'unknown';
    if (head !== null && head === base) {
      landed.set(lane, 'at-base');
      const ids = backlog.get(lane);
      if (ids?.length) awaiting.push(`- lane=${lane} branch=${branch} status=${label} at-base open-tasks=${ids.join(',')}`);
      continue;
    }
    const wt = worktreePath(ctx.root, ctx.session, lane);
    if (head !== null && base !== null) {
      if (await isAncestor(wt, BASE_BRANCH, branch)) mergeReady.add(lane);
      else if (await isAncestor(wt, head, BASE_BRANCH)) { landed.set(lane, 'branch-already-landed'); continue; }
    }
    const hasOutcome = latestVerify.has(lane);
    const vt = verifiedTip(world.ledger, lane);
    if ((head === null && hasOutcome) || (vt === null && hasOutcome) || (head !== null && head === vt)) continue;
    ready.push(`- lane=${lane} branch=${branch} status=${label}`);
  }
  const readySet = new Set(ready.map((l) => /lane=(\S+)/.exec(l)![1]!));
  const caps = currentCaps(ctx, world.ledger, !dry);
  const capLines: string[] = [], outcomeLines: string[] = [];
  for (const [w, e] of [...latestVerify].sort((a, b) => b[1].seq - a[1].seq)) {
    if (readySet.has(w)) continue;
    const d = e.data;
    const c = caps.get(w);
    if (c) {
      if (firstShowing(ctx, dry, w, 'cap', e.seq, d.branch, d.branch_head)) capLines.push(`- window=${w} branch=${u(c.branch)} fix_rounds=${c.rounds} max_fix_rounds=${c.max} latest_event=${c.event} findings=${c.findings} needs human review`);
      continue;
    }
    if (e.type === 'verify-passed') {
      const tip = typeof d.branch_head === 'string' ? d.branch_head : null;
      let reason = landed.get(w) ?? null;
      if (!reason && tip && base && tip === base) reason = 'verified-tip-at-base';
      else if (!reason && tip && base && await isAncestor(ctx.root, tip, BASE_BRANCH)) reason = 'verified-tip-already-landed';
      if (reason) {
        const prev = ctx.store.events.tail(500, ['drive-already-landed']).reverse().find((x) => x.data.window === w);
        if (!dry && !(prev && prev.data.latest_verify_seq === e.seq && prev.data.branch_head === tip && prev.data.base_head === base)) ctx.emit('drive-already-landed', { window: w, branch: d.branch ?? null, branch_head: tip, base_head: base, latest_verify_seq: e.seq, reason });
        continue;
      }
      if (!mergeReady.has(w)) continue;
      if (!firstShowing(ctx, dry, w, 'merge', e.seq, d.branch, d.branch_head)) continue;
    } else if (e.type === 'verify-stale' && !firstShowing(ctx, dry, w, 'stale', e.seq, d.branch, d.branch_head)) continue;
    if (outcomeLines.length < 5) outcomeLines.push(`- window=${w} event=${e.type} overall=${e.type === 'verify-timeout' ? 'timeout' : u(d.overall)} findings=${d.findings ?? '?'} branch=${u(d.branch)}`);
  }
  const buildOutcomes = [...latestPerWindow(recent.filter((e) => BUILD_OUTCOMES.includes(e.type)))].sort((a, b) => b[1].seq - a[1].seq).slice(0, 5)
    .map(([w, e]) => `- window=${w} event=${e.type} branch=${u(e.data.branch)} pre_build_sha=${u(e.data.pre_build_sha)} branch_head=${u(e.data.branch_head)}`);
  const sub: Array<[string, string[]]> = [
    ['awaiting-build', awaiting], ['ready-to-verify', ready],
    ['build in flight', builds.map((m) => `- window=${m.window} branch=${u(m.branch)} started_at=${u(m.started_at)} pid=${u(m.pid)} pre_build_sha=${u(m.pre_build_sha)}`)],
    ['verify in flight', verifies.map((m) => `- window=${m.window} branch=${u(m.branch)} started_at=${u(m.started_at)} pid=${u(m.pid)}`)],
    ['recent build outcomes', buildOutcomes], ['fix-round cap tripped', capLines], ['recent verify outcomes', outcomeLines],
  ];
  const body = sub.filter(([, l]) => l.length).flatMap(([h, l]) => [`${h}:`, ...l]);
  return body.length ? ['--- verify drive ---', ...body, '', DRIVE_RUBRIC].join('\n') : '';
}

/** The utilization block for this cycle (spec §10.6): only when `target_lane_utilization` > 0. */
export function utilizationFor(ctx: EngineContext, world: World): string {
  const target = (ctx.config as { target_lane_utilization?: unknown }).target_lane_utilization;
  if (typeof target !== 'number' || !(target > 0)) return '';
  return utilizationBlock({
    lanes: world.lanes.map((l) => ({ lane: l.lane, status: l.status, kind: l.kind })), worktreeLanes: Object.keys(ledgerBranches(world.ledger)),
    tasks: world.tasks, marked: new Set([...listMarkers(ctx, 'build', true), ...listMarkers(ctx, 'verify', true)].map((m) => m.window)),
    maxDispatches: ctx.config.destructive.max_dispatches_per_cycle,
  });
}
