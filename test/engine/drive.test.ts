/**
 * The headless build/verify drive on real git worktrees and real detached processes (spec/engine.md
 * §10, §15; acceptance 57, 66–69): build → build-done + build-usage, a build that commits nothing →
 * build-failed, dirty worktree and in-progress skips, verify at base, a real `engine verify` run with
 * a fake lens → verify-passed and verified_tip, timeouts of overdue markers, the fix-round cap, and a
 * malformed marker row reported instead of wedging its window.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { makeProject, type TestProject } from '../helpers/project.js';
import { assertBuilt, ROOT } from '../helpers/cli.js';
import { waitFor } from '../helpers/wait-for.js';
import { createContext, type EngineContext } from '../../engine/context.js';
import { startBuild, startVerify } from '../../engine/drive/start.js';
import { surfaceBuild, surfaceVerify, driveState } from '../../engine/drive/surface.js';
import { listMarkers, putMarker } from '../../engine/drive/markers.js';
import { drivePending } from '../../engine/drive/pending.js';
import { drivePendingHook } from '../../engine/drive/hook.js';
import { applyFixRoundCap } from '../../engine/drive/cap.js';
import { worktreePath } from '../../engine/drive/paths.js';

const DRIVE_BIN = join(ROOT, 'test', 'fixtures', 'bin', 'drive');
const git = (cwd: string, ...a: string[]): string => execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...a], { cwd, encoding: 'utf8' }).trim();
const saved = { PATH: process.env.PATH, LOOP_VERIFY_CMD: process.env.LOOP_VERIFY_CMD, LOOP_VERIFY_GATE: process.env.LOOP_VERIFY_GATE, FAKE_CODEX_MODE: process.env.FAKE_CODEX_MODE };

let p: TestProject;
let ctx: EngineContext;
const types = (): string[] => ctx.store.events.list().map((e) => e.type);
const last = (type: string) => ctx.store.events.tail(1, [type])[0]?.data;
const wtOf = (w: string) => worktreePath(p.root, 's', w);

function addWorktree(w: string): string {
  const wt = wtOf(w);
  git(p.root, 'worktree', 'add', '-q', '-b', `lane/${w}`, wt, 'main');
  return wt;
}

async function runnerGone(kind: 'build' | 'verify', w: string): Promise<void> {
  const m = listMarkers(ctx, kind).find((x) => x.window === w)!;
  await waitFor(() => { try { process.kill(m.pid, 0); return false; } catch { return true; } }, { timeoutMs: 30_000, what: `${kind} runner of ${w} exits` });
}

beforeAll(() => {
  assertBuilt();
  process.env.PATH = `${DRIVE_BIN}:${process.env.PATH}`;
  process.env.LOOP_VERIFY_CMD = join(DRIVE_BIN, 'fake-lens');
  process.env.LOOP_VERIFY_GATE = 'true';
  p = makeProject();
  p.write('.gitignore', '.loop/\n');
  git(p.root, 'add', '.gitignore');
  git(p.root, 'commit', '-q', '-m', 'ignore .loop');
  p.write('.loop/orchestrator-state.json', JSON.stringify({ loops: { wt: { branch: 'lane/wt' }, nb: { branch: 'lane/nb' }, dirty: { branch: 'lane/dirty' }, vt: { branch: 'lane/vt' } } }));
  for (const w of ['wt', 'nb', 'dirty', 'vt']) addWorktree(w);
  ctx = createContext({ root: p.root, session: 's', out: () => undefined });
});
afterAll(() => {
  ctx?.store.close();
  for (const [k, v] of Object.entries(saved)) { if (v === undefined) delete process.env[k]; else process.env[k] = v; }
  p?.cleanup();
});

describe('build', () => {
  it('a runner that commits ⇒ build-done + build-usage (1000/200/60 ⇒ 1060); marker cleared', async () => {
    const pre = git(wtOf('wt'), 'rev-parse', 'HEAD');
    await startBuild(ctx, { kind: 'build', window: 'wt', brief: 'implement X', rationale: 'r' });
    expect(last('build-started')).toMatchObject({ window: 'wt', branch: 'lane/wt', pre_build_sha: pre });
    await startBuild(ctx, { kind: 'build', window: 'wt', brief: 'again', rationale: 'r' });
    expect(last('build-skip')).toMatchObject({ window: 'wt', reason: 'in-progress' });
    await runnerGone('build', 'wt');
    expect(drivePending(await driveState(ctx))).toBe(true);
    expect(await drivePendingHook.pending(ctx)).toBe(true);
    await surfaceBuild(ctx);
    expect(last('build-done')).toMatchObject({ window: 'wt', pre_build_sha: pre, branch_head: git(wtOf('wt'), 'rev-parse', 'HEAD') });
    expect(last('build-usage')).toMatchObject({ window: 'wt', usage_source: 'codex-json', input_tokens: 1000, cache_read_input_tokens: 200, output_tokens: 60, total_tokens: 1060, cost_source: 'unpriced' });
    expect(listMarkers(ctx, 'build')).toHaveLength(0);
  });

  it('a runner that commits nothing ⇒ build-failed', async () => {
    process.env.FAKE_CODEX_MODE = 'noop';
    try {
      await startBuild(ctx, { kind: 'build', window: 'nb', brief: 'nothing', rationale: 'r' });
      await runnerGone('build', 'nb');
      await surfaceBuild(ctx);
      expect(last('build-failed')).toMatchObject({ window: 'nb', branch: 'lane/nb' });
    } finally { delete process.env.FAKE_CODEX_MODE; }
  });

  it('dirty worktree ⇒ build-skip worktree-dirty; no branch ⇒ the action fails', async () => {
    writeFileSync(join(wtOf('dirty'), 'scratch.txt'), 'x');
    await startBuild(ctx, { kind: 'build', window: 'dirty', brief: 'b', rationale: 'r' });
    expect(last('build-skip')).toEqual({ window: 'dirty', reason: 'worktree-dirty' });
    await expect(startBuild(ctx, { kind: 'build', window: 'ghost', brief: 'b', rationale: 'r' })).rejects.toThrow(/no branch/);
    const file = join(p.root, '.loop', 'orchestrator-state.json');
    const good = readFileSync(file, 'utf8');
    writeFileSync(file, '{"loops": {\n  "wt": oops\n}}');
    try {
      await expect(startVerify(ctx, { kind: 'verify', lane: 'wt', rationale: 'r' })).rejects.toThrow(/cannot read the ledger: .*orchestrator-state\.json:2/);
    } finally { writeFileSync(file, good); }
  });

  it('an overdue marker with a live matching runner is killed ⇒ build-timeout', async () => {
    process.env.FAKE_CODEX_MODE = 'sleep';
    try {
      await startBuild(ctx, { kind: 'build', window: 'nb', brief: 'sleep', rationale: 'r' });
      const m = listMarkers(ctx, 'build').find((x) => x.window === 'nb')!;
      ctx.store.db.prepare("UPDATE markers SET data = json_set(data, '$.started_at', '2000-01-01T00:00:00Z') WHERE kind = 'build' AND window = 'nb'").run();
      await surfaceBuild(ctx);
      expect(last('build-timeout')).toMatchObject({ window: 'nb', pid: m.pid, timeout_s: 1500 });
      await waitFor(() => { try { process.kill(m.pid, 0); return false; } catch { return true; } }, { timeoutMs: 10_000, what: 'runner killed' });
    } finally { delete process.env.FAKE_CODEX_MODE; }
  });
});

describe('verify', () => {
  it('at base ⇒ verify-skip at-base', async () => {
    await startVerify(ctx, { kind: 'verify', lane: 'vt', rationale: 'r' });
    expect(last('verify-skip')).toEqual({ window: 'vt', reason: 'at-base' });
  });

  it('a real engine verify run ⇒ verify-passed, verified_tip recorded, marker cleared', async () => {
    writeFileSync(join(wtOf('vt'), 'feature.txt'), 'feature\n');
    git(wtOf('vt'), 'add', 'feature.txt');
    git(wtOf('vt'), 'commit', '-q', '-m', 'feature');
    const tip = git(wtOf('vt'), 'rev-parse', 'HEAD');
    await startVerify(ctx, { kind: 'verify', lane: 'vt', rationale: 'r' });
    const started = last('verify-started') as { out_path: string };
    expect(started).toMatchObject({ window: 'vt', branch: 'lane/vt' });
    await waitFor(() => existsSync(started.out_path), { timeoutMs: 60_000, what: 'verify result file' });
    const result = JSON.parse(readFileSync(started.out_path, 'utf8')) as { overall: string; lenses: unknown[] };
    expect(result.overall).toBe('pass');
    expect(result.lenses).toHaveLength(3);
    await surfaceVerify(ctx);
    expect(last('verify-passed')).toMatchObject({ window: 'vt', branch: 'lane/vt', branch_head: tip, overall: 'pass', findings: 0 });
    const ledger = JSON.parse(readFileSync(join(p.root, '.loop', 'orchestrator-state.json'), 'utf8')) as { loops: Record<string, { verified_tip?: string }> };
    expect(ledger.loops.vt!.verified_tip).toBe(tip);
    expect(listMarkers(ctx, 'verify')).toHaveLength(0);
  });

  it('a torn result file is one located input-problem; past the soft timeout with the runner gone ⇒ verify-timeout; young ⇒ kept', async () => {
    const out = p.write('torn.json', '{"overall": "pa');
    putMarker(ctx, 'verify', { window: 'nb', branch: 'lane/nb', base: 'main', tip: 'lane/nb', out_path: out, pid: 999_999, started_at: ctx.ts() });
    await surfaceVerify(ctx);
    await surfaceVerify(ctx);
    expect(listMarkers(ctx, 'verify')).toHaveLength(1);
    expect(ctx.store.events.list({ types: ['input-problem'] }).filter((e) => String(e.data.problem).startsWith(`${out}: not valid JSON`))).toHaveLength(1);
    ctx.store.db.prepare("UPDATE markers SET data = json_set(data, '$.started_at', '2000-01-01T00:00:00Z') WHERE kind = 'verify'").run();
    await surfaceVerify(ctx);
    expect(last('verify-timeout')).toMatchObject({ window: 'nb', reason: 'runner-gone', result_present: false, out_path: out });
    expect(listMarkers(ctx, 'verify')).toHaveLength(0);
  });
});

describe('verify soft/hard timeouts with a live runner (acceptance 67)', () => {
  it('past 2,400 s with a live matching runner ⇒ verify-timeout-held; past 4,800 s ⇒ killed, verify-timeout', async () => {
    const out = join(p.root, 'held.json');
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 120000)', 'verify', '--out', out], { detached: true, stdio: 'ignore' });
    child.unref();
    const pid = child.pid!;
    try {
      const ago = (s: number) => new Date(Date.now() - s * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
      putMarker(ctx, 'verify', { window: 'held', branch: 'lane/held', base: 'main', tip: 'x', out_path: out, pid, started_at: ago(3000) });
      await surfaceVerify(ctx);
      expect(last('verify-timeout-held')).toMatchObject({ window: 'held', pid, reason: 'runner-alive', timeout_s: 2400, hard_timeout_s: 4800 });
      expect(listMarkers(ctx, 'verify').map((m) => m.window)).toContain('held');
      ctx.store.db.prepare("UPDATE markers SET data = json_set(data, '$.started_at', ?) WHERE kind = 'verify' AND window = 'held'").run(ago(5000));
      await surfaceVerify(ctx);
      expect(last('verify-timeout')).toMatchObject({ window: 'held', reason: 'hard-timeout' });
      await waitFor(() => { try { process.kill(pid, 0); return false; } catch { return true; } }, { timeoutMs: 10_000, what: 'held runner killed' });
    } finally { try { process.kill(-pid, 'SIGKILL'); } catch { /* gone */ } }
  });
});

describe('fix-round cap and bad markers', () => {
  it('three non-converging verifies rewrite a build into an escalation, fix-round-cap emitted once', () => {
    for (const f of [9, 12, 12]) ctx.emit('verify-failed', { window: 'wt', branch: 'lane/wt', findings: f });
    const ledger = { loops: { wt: { branch: 'lane/wt' } } };
    const a = applyFixRoundCap(ctx, [{ kind: 'build', window: 'wt', brief: 'b', rationale: 'r' }], ledger);
    expect(a[0]).toMatchObject({ kind: 'escalate', summary: expect.stringContaining('not converging after 2 fix rounds') });
    applyFixRoundCap(ctx, [{ kind: 'build', window: 'wt', brief: 'b', rationale: 'r' }], ledger);
    expect(types().filter((t) => t === 'fix-round-cap')).toHaveLength(1);
  });

  it('a marker row that is not JSON is an input-problem with its raw text, and dropped', () => {
    ctx.store.db.prepare("INSERT INTO markers (kind, window, data, created_at) VALUES ('build', 'bad', '{torn', '2026-01-01T00:00:00Z')").run();
    expect(listMarkers(ctx, 'build').map((m) => m.window)).not.toContain('bad');
    expect(last('input-problem')).toMatchObject({ problem: expect.stringMatching(/markers\(kind=build, window=bad\)/), raw: '{torn' });
  });
});

describe('the verify-drive prompt block (spec §10.6; acceptance 70–71)', () => {
  it('awaiting-build at base with open tasks, cap and outcome lines; merge and cap lines surface once', async () => {
    const { driveBlock } = await import('../../engine/drive/block.js');
    const file = join(p.root, '.loop', 'orchestrator-state.json');
    const ledger = JSON.parse(readFileSync(file, 'utf8')) as { loops: Record<string, Record<string, unknown>> };
    ledger.loops.ab = { branch: 'lane/ab' };
    writeFileSync(file, JSON.stringify(ledger));
    addWorktree('ab');
    const world = { lanes: [], stale: false, staleReason: null, mailbox: [], processedCount: 0, problems: [], ledger, ledgerRaw: JSON.stringify(ledger), tasks: [{ id: 'T9999', status: 'open', loop: 'ab' }] } as never;
    const first = await driveBlock(ctx, world, { dryRun: false });
    expect(first).toMatch(/^--- verify drive ---\nawaiting-build:\n- lane=ab branch=lane\/ab status=unknown at-base open-tasks=T9999\n/);
    expect(first).toMatch(/fix-round cap tripped:\n- window=wt branch=lane\/wt fix_rounds=2 max_fix_rounds=2 latest_event=verify-failed findings=12 needs human review/);
    expect(first).toMatch(/recent verify outcomes:\n(- .*\n)*- window=vt event=verify-passed overall=pass findings=0 branch=lane\/vt/);
    expect(first).toMatch(/recent build outcomes:\n- window=nb event=build-timeout .*\n- window=wt event=build-done /);
    expect(first).toContain('--- drive rubric ---');
    const second = await driveBlock(ctx, world, { dryRun: false });
    expect(second).not.toContain('window=vt event=verify-passed');
    expect(second).not.toContain('fix-round cap tripped:\n');
    expect(second).toContain('window=nb event=verify-timeout');
    expect(ctx.store.events.list({ types: ['drive-escalate-surfaced'] }).map((e) => e.data.signal_kind).sort()).toEqual(['cap', 'merge']);
    const dry = await driveBlock(ctx, world, { dryRun: true });
    expect(dry).toContain('window=vt event=verify-passed');
    expect(ctx.store.events.list({ types: ['drive-escalate-surfaced'] })).toHaveLength(2);
  });
});
