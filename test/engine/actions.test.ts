/**
 * Executing the other action kinds on real tmux (issue 2 §3): add_lane creates a dynamic lane and
 * sends its brief; steer with expects_reply records an ask whose exact `re:<ask-id>` reply is
 * matched by the daemon; drop_lane of a dynamic lane is destructive (a person approves) and of a
 * base lane is blocked; command-mode dispatch is destructive; ADR acceptance is blocked.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { existsSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeBed, FIXTURE_BIN, type Bed } from '../helpers/engine.js';
import { waitFor } from '../helpers/wait-for.js';
import { assertBuilt, ROOT } from '../helpers/cli.js';

describe('action execution', () => {
  let bed: Bed;
  const decide = async (yaml: string): Promise<{ id: string; actions: Array<{ idx: number; classification: string; status: string; reasons: string[] }> }> => {
    const f = join(bed.scratch, `reply-${Date.now()}.md`);
    writeFileSync(f, '```decision\nversion: 1\ncritique: "test"\nactions:\n' + yaml + '```\n');
    const r = await bed.engine(['once'], { LOOP_ENGINE_BRAIN_CMD: join(FIXTURE_BIN, 'fake-brain'), FAKE_BRAIN_MODE: 'reply', FAKE_BRAIN_REPLY: f });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    return (await bed.status()).decision as never;
  };

  beforeAll(async () => {
    assertBuilt();
    bed = await makeBed({ engine: '  brain:\n    kind: cli\n', lanes: '  web: { harness: demo }\n' });
  });
  afterAll(async () => { await bed?.cleanup(); });

  it('add_lane creates a tagged dynamic lane and dispatches its brief', async () => {
    const d = await decide('  - kind: add_lane\n    window: helper\n    harness: demo\n    role: reviewer\n    brief: "review T0042 please"\n    rationale: "need a reviewer"\n');
    expect(d.actions[0]!.classification).toBe('safe');
    const r = await bed.engine(['approve', d.id]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const lanes = JSON.parse((await bed.loop(['list-lanes', '--session', 'bed', '--json'])).stdout) as { lanes: Array<{ window: string; base: boolean; harness: string; role: string }> };
    expect(lanes.lanes.find((l) => l.window === 'helper')).toMatchObject({ base: false, harness: 'demo', role: 'reviewer' });
    await waitFor(() => { try { return readFileSync(join(bed.root, 'ops-wiki/lanes/helper.md'), 'utf8').includes('T0042'); } catch { return false; } }, { timeoutMs: 30_000, what: 'brief received by the new lane' });
  });

  it('steer with expects_reply records an ask and the daemon matches the exact re:<ask-id> reply', async () => {
    await waitFor(async () => (await bed.loop(['lane-status', 'bed', 'helper'])).stdout.trim() === 'idle', { timeoutMs: 30_000, what: 'helper idle' });
    const d = await decide('  - kind: steer\n    lane: helper\n    payload: "which tests cover T0042?"\n    expects_reply: true\n    reply_timeout_s: 600\n    rationale: "need an answer"\n');
    expect((await bed.engine(['approve', d.id])).code).toBe(0);
    const askId = `${d.id}-0`;
    const ev = await bed.engine(['events', '--json', '--type', 'ask']);
    expect(ev.stdout).toContain(askId);
    const page = await waitFor(() => { const t = readFileSync(join(bed.root, 'ops-wiki/lanes/helper.md'), 'utf8'); return t.includes('which tests') || t.split('###').length > 2 ? t : null; }, { timeoutMs: 30_000, what: 'steer received' });
    expect(page).toBeTruthy();
    expect((await bed.engine(['start'])).code).toBe(0);
    writeFileSync(join(bed.root, '.loop/messages/20990101-000001-helper-to-coord.md'), `---\nsubject: re:${askId}0\n---\nnear miss: a longer id must not match\n`);
    writeFileSync(join(bed.root, '.loop/messages/20990101-000002-helper-to-coord.md'), `---\nsubject: re:${askId}\n---\nthe answer\n`);
    const got = await waitFor(async () => { const e = (await bed.engine(['events', '--json', '--type', 'reply-received'])).stdout.trim(); return e ? e : null; }, { timeoutMs: 30_000, what: 'reply-received', onTimeout: async () => (await bed.engine(['events'])).stdout.slice(-4000) });
    const lines = got.split('\n').map((l) => JSON.parse(l) as { ask: string; file: string });
    expect(lines).toEqual([expect.objectContaining({ ask: askId, file: '20990101-000002-helper-to-coord.md' })]);
    expect((await bed.engine(['stop'])).code).toBe(0);
  }, 120_000);

  it('drop_lane: a dynamic lane needs a person; a base lane is blocked; command mode is destructive', async () => {
    await waitFor(async () => { const d = (await bed.status()).decision; return !d || (d.status !== 'pending' && d.status !== 'needs-human'); }, { timeoutMs: 30_000, what: "no pending decision" });
    const d = await decide([
      '  - kind: drop_lane\n    window: helper\n    rationale: "done reviewing"\n',
      '  - kind: drop_lane\n    window: web\n    rationale: "bad idea"\n',
      '  - kind: dispatch\n    lane: web\n    mode: command\n    payload: "ls"\n    rationale: "raw shell"\n',
      '  - kind: dispatch\n    lane: web\n    payload: "then run loop-adr   accept 0001"\n    rationale: "adr"\n',
    ].join(''));
    expect(d.actions.map((a) => `${a.classification}/${a.status}`)).toEqual(['destructive/awaiting-approval', 'blocked/rejected', 'destructive/awaiting-approval', 'blocked/rejected']);
    const r = await bed.engine(['approve', d.id, '--actions', '0']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const lanes = JSON.parse((await bed.loop(['list-lanes', '--session', 'bed', '--json'])).stdout) as { lanes: Array<{ window: string }> };
    expect(lanes.lanes.map((l) => l.window)).not.toContain('helper');
    expect(lanes.lanes.map((l) => l.window)).toContain('web');
    const final = (await bed.status()).decision!;
    expect(final.actions.map((a) => a.status)).toEqual(['executed', 'rejected', 'rejected', 'rejected']);
  });

  it('add_lane with a cmd and worktree: true runs shared (spec §3.2, acceptance 22): no tree, no isolation option', async () => {
    await waitFor(async () => { const d = (await bed.status()).decision; return !d || (d.status !== 'pending' && d.status !== 'needs-human'); }, { timeoutMs: 30_000, what: 'no pending decision' });
    const cmd = `${process.execPath} ${join(ROOT, 'dist', 'demo', 'agent.js')}`;
    const d = await decide(`  - kind: add_lane\n    window: wtcmd\n    cmd: ${JSON.stringify(cmd)}\n    worktree: true\n    brief: "hello tree"\n    rationale: "isolated"\n`);
    const r = await bed.engine(['approve', d.id]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const opt = (o: string): string => bed.tmux.run('show-options', '-w', '-v', '-q', '-t', '=bed:=wtcmd', o).trim();
    expect([opt('@loop_lane_harness'), opt('@loop_lane_isolation'), opt('@loop_lane_cmd')]).toEqual(['cmd', '', cmd]);
    expect(existsSync(join(bed.root, '.loop', 'worktrees', 'bed', 'wtcmd'))).toBe(false);
    await waitFor(() => bed.tmux.run('display-message', '-p', '-t', '=bed:=wtcmd', '#{pane_current_path}').trim() === bed.root, { timeoutMs: 15_000, what: 'the lane cwd to be the project root' });
  }, 120_000);
});
