/**
 * Safety at execution time (the reviewer's findings): an approved text dispatch is refused when the
 * lane's agent has exited and the pane is a bare shell (its text would run as commands); an action
 * can be claimed for execution only once, across processes; an empty approval list is a usage
 * error; brain text with control characters never parses.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeBed, type Bed } from '../helpers/engine.js';
import { waitFor } from '../helpers/wait-for.js';
import { assertBuilt } from '../helpers/cli.js';
import { Store } from '../../engine/store/store.js';
import { parseDecision } from '../../engine/cycle/parse-decision.js';

describe('execution-time safety', () => {
  let bed: Bed;
  let marker = '';
  beforeAll(async () => {
    assertBuilt();
    bed = await makeBed({ tasks: [{ id: 'T0001', title: 'Looks harmless' }], lanes: '  web: { harness: demo }\n' });
    marker = join(bed.scratch, 'pwned');
    bed.project.write('tasks/T0001-looks-harmless.md', readFileSync(join(bed.root, 'tasks/T0001-looks-harmless.md'), 'utf8') + `\ntouch ${marker}\n`);
  });
  afterAll(async () => { await bed?.cleanup(); });

  it('refuses to paste an approved dispatch into a lane that fell back to a bare shell', async () => {
    expect((await bed.engine(['once'])).code).toBe(0);
    const d = (await bed.status()).decision!;
    expect(d.actions[0]!.action.kind).toBe('dispatch');
    bed.tmux.run('send-keys', '-t', '=bed:=web', 'C-c');
    await waitFor(async () => (await bed.loop(['lane-status', 'bed', 'web'])).stdout.trim() === 'errored', { timeoutMs: 15_000, what: 'web at a bare shell' });
    const r = await bed.engine(['approve', d.id]);
    expect(r.code).toBe(1);
    const after = (await bed.status()).decision!;
    expect(after.actions.map((a) => a.status)).toEqual(['failed', 'failed']);
    expect(JSON.stringify(after.actions[0])).toMatch(/bare shell/);
    expect(existsSync(marker)).toBe(false);
    expect(bed.taskStatus('T0001')).toBe('open');
  });

  it('an empty --actions list is a usage error, not "approve everything"', async () => {
    const r = await bed.engine(['approve', 'd-x', '--actions', '']);
    expect(r.code).toBe(2);
  });

  it('claims an action for execution at most once, whoever asks', () => {
    const store = new Store(join(bed.root, '.loop/sessions/bed/engine/engine.db'));
    try {
      const id = store.decisions.nextId(new Date());
      store.decisions.create({ id, created_at: '2026-01-01T00:00:00Z', status: 'pending', approval_mode: 'auto', brain: 'test', critique: 'c', raw_text: '', actions: [{ action: { kind: 'stop', rationale: 'r' }, classification: 'safe', reasons: [], status: 'auto' }] });
      expect(store.decisions.claim(id, 0, 'now')).toBe(true);
      expect(store.decisions.claim(id, 0, 'now')).toBe(false);
      store.decisions.setAction(id, 0, 'executed', 'now');
      store.decisions.autoResolve(id, 'now');
      expect(store.decisions.get(id)!.status).toBe('approved');
    } finally { store.close(); }
  });

  it('never parses brain text carrying escape sequences or carriage returns', () => {
    const ctx = { liveLanes: ['web'], worktreeLanes: [] };
    const block = (payload: string) => '```decision\nversion: 1\ncritique: c\nactions:\n  - kind: dispatch\n    lane: web\n    rationale: r\n    payload: ' + JSON.stringify(payload) + '\n```';
    expect(parseDecision(block('x\u001b[201~\rtouch /tmp/x\r'), ctx)).toMatchObject({ ok: false, error: expect.stringMatching(/control character/) });
    expect(parseDecision(block('line one\nline two\tok'), ctx).ok).toBe(true);
  });
});
