/**
 * The full gate and the drive inside real cycles (`engine once` on real tmux, a fake CLI brain):
 * governance rewrite/deny under a harness policy, the fix-round cap rewriting a build into an
 * escalation, verify/build accepted for a headless worktree lane (listed in the prompt), the spec
 * §8.1 pending-decision document in `engine status --json`, decisions filed below the marker with
 * rotation into decisions-archive.md, and the handoff flush before a drop.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { writeFileSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { makeBed, FIXTURE_BIN, type Bed } from '../helpers/engine.js';
import { assertBuilt } from '../helpers/cli.js';
import { waitFor } from '../helpers/wait-for.js';
import { createContext } from '../../engine/context.js';

interface PendingDoc { id: string; status: string; actions: Array<Record<string, unknown> & { idx: number; kind: string; classification: string; status: string }> }

describe('gate and drive in the cycle', () => {
  let bed: Bed;
  const once = async (yaml: string) => {
    const f = join(bed.scratch, `reply-${Date.now()}-${Math.random()}.md`);
    writeFileSync(f, '```decision\nversion: 1\ncritique: "test"\nactions:\n' + yaml + '```\n');
    return bed.engine(['once'], { LOOP_ENGINE_BRAIN_CMD: join(FIXTURE_BIN, 'fake-brain'), FAKE_BRAIN_MODE: 'reply', FAKE_BRAIN_REPLY: f });
  };
  const pendingDoc = async (): Promise<PendingDoc> => (JSON.parse((await bed.engine(['status', '--json'])).stdout) as { pending_decision: PendingDoc }).pending_decision;
  const eventTypes = async () => (await bed.engine(['events', '--json'])).stdout.trim().split('\n').map((l) => JSON.parse(l) as { event: string } & Record<string, unknown>);

  beforeAll(async () => {
    assertBuilt();
    bed = await makeBed({
      lanes: '  web: { harness: demo }\n',
      engine: '  brain:\n    kind: cli\n  checkpoint:\n    keep_decisions: 2\n  harness_policy:\n    deny: [opencode]\n    role_tag_map: { product: [product] }\n    role_defaults: { product: pi }\n',
    });
    bed.project.write('.loop/orchestrator-state.json', JSON.stringify({ loops: { wt: { branch: 'lane/wt' } } }));
    // Three non-converging verify outcomes for wt, as earlier cycles would have surfaced them.
    const ctx = createContext({ root: bed.root, session: bed.session, out: () => undefined });
    for (const f of [9, 12, 12]) ctx.emit('verify-failed', { window: 'wt', branch: 'lane/wt', findings: f });
    ctx.store.close();
  });
  afterAll(async () => { await bed?.cleanup(); });

  it('rewrites, blocks, caps and accepts build/verify for a worktree lane; the pending document has every field', async () => {
    const r = await once([
      '  - { kind: add_lane, window: prod1, harness: claude, role: product, brief: "write the PRD", rationale: "r" }',
      '  - { kind: add_lane, window: oc1, harness: opencode, brief: "bulk edit", rationale: "r" }',
      '  - { kind: build, window: wt, brief: "fix the findings", rationale: "r" }',
      '  - { kind: verify, lane: wt, rationale: "r" }',
    ].join('\n') + '\n');
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const d = await pendingDoc();
    expect(d.status).toBe('pending');
    expect(d.actions.map((a) => `${a.kind}:${a.classification}/${a.status}`)).toEqual(['add_lane:destructive/awaiting-approval', 'add_lane:blocked/rejected', 'escalate:destructive/awaiting-approval', 'verify:safe/awaiting-approval']);
    expect(d.actions[0]).toMatchObject({ window: 'prod1', harness: 'pi', role: 'product', worktree: false, cmd: null, model: null, auto_approve: false });
    expect(d.actions[2]).toMatchObject({ summary: 'lane wt: verify not converging after 2 fix rounds, latest verify-failed, 12 findings - needs human review' });
    const ev = await eventTypes();
    expect(ev.find((e) => e.event === 'harness-rewrite')).toMatchObject({ window: 'prod1', from_harness: 'claude', to_harness: 'pi' });
    expect(ev.filter((e) => e.event === 'fix-round-cap')).toHaveLength(1);
    const prompts = readdirSync(join(bed.root, '.loop/sessions/bed/engine/brain')).filter((f) => f.endsWith('.prompt.md'));
    const prompt = readFileSync(join(bed.root, '.loop/sessions/bed/engine/brain', prompts.sort().pop()!), 'utf8');
    expect(prompt).toContain('wt headless-worktree branch=lane/wt (build/verify only)');
    expect(prompt).toContain('--- ops-wiki/checkpoint.md ---');
    expect(prompt).toContain('--- pending mailbox summary');
    expect(prompt).toContain('--- harness roster (allowed + present + healthy) ---');
    expect(prompt).not.toMatch(/^opencode tags=/m);
    // Approving the verify runs it through the drive: without a worktree checkout it fails, located.
    const ap = await bed.engine(['approve', d.id, '--actions', '3']);
    expect(ap.code).toBe(1);
    expect((await eventTypes()).find((e) => e.event === 'action-failed')).toMatchObject({ kind: 'verify', lane: 'wt', error: expect.stringMatching(/worktree .*\.loop\/worktrees\/bed\/wt does not exist/) });
  });

  it('files decisions below the marker, keeps the prefix, rotates into decisions-archive.md', async () => {
    const page = join(bed.root, 'ops-wiki', 'checkpoint.md');
    const before = readFileSync(page, 'utf8');
    const prefix = before.slice(0, before.indexOf('<!-- coord-decisions -->'));
    for (let i = 0; i < 2; i++) {
      const r = await once('  - { kind: escalate, summary: "s", rationale: "r" }\n');
      expect(r.code, r.stderr).toBe(0);
      const d = await pendingDoc();
      expect((await bed.engine(['reject', d.id])).code).toBe(0);
    }
    const after = readFileSync(page, 'utf8');
    expect(after.startsWith(prefix + '<!-- coord-decisions -->')).toBe(true);
    expect(after.match(/^### \[/gm)).toHaveLength(2);
    expect(readFileSync(join(bed.root, 'ops-wiki', 'decisions-archive.md'), 'utf8')).toMatch(/### \[.*\] decision d-/);
  });

  it('drop_lane of an idle agent lane flushes a handoff section; a new lane of that name gets the recovery preamble', async () => {
    const add = await once('  - { kind: add_lane, window: helper, harness: demo, brief: "hello", rationale: "r" }\n');
    expect(add.code, add.stderr).toBe(0);
    let d = await pendingDoc();
    { const r = await bed.engine(['approve', d.id]); expect(r.code, r.stdout + r.stderr).toBe(0); }
    // The flush needs the lane verified idle; under load the demo agent may still be on its brief.
    await waitFor(async () => (JSON.parse((await bed.loop(['lane-status', '--json', bed.session, 'helper'])).stdout || '{}') as { lanes?: Record<string, { status: string }> }).lanes?.helper?.status === 'idle' || null, { timeoutMs: 60_000, what: 'lane helper idle' });
    const drop = await once('  - { kind: drop_lane, window: helper, rationale: "r" }\n');
    expect(drop.code, drop.stderr).toBe(0);
    d = await pendingDoc();
    const r = await bed.engine(['approve', d.id]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect((await eventTypes()).find((e) => e.event === 'handoff-flush')).toMatchObject({ window: 'helper', harness: 'demo' });
    expect(readFileSync(join(bed.root, 'ops-wiki/lanes/helper.md'), 'utf8')).toMatch(/## Handoff state\n\n### \[.*\] helper handoff — demo \(drop_lane flush\)\n[\s\S]*\n {4}\S/);
    const again = await once('  - { kind: add_lane, window: helper, harness: demo, brief: "continue", rationale: "r" }\n');
    expect(again.code, again.stderr).toBe(0);
    d = await pendingDoc();
    { const r = await bed.engine(['approve', d.id]); expect(r.code, r.stdout + r.stderr).toBe(0); }
    expect((await eventTypes()).find((e) => e.event === 'handoff-recovery')).toMatchObject({ window: 'helper', worktree_carry: false });
  });
});
