/**
 * Asks for a person (spec §9 + the looop seed's notify contract): `engine asks`, `engine answer`
 * (a mailbox message the exact `re:<ask-id>` matcher accepts), `engine wait [--only-asks]` over the
 * socket (exit 2 at once without a daemon), the IPC `ask.answer` handler, and expiry by the daemon.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeProject, type TestProject } from '../helpers/project.js';
import { startTmux, type TestTmux } from '../helpers/tmux.js';
import { runCli, BIN, assertBuilt, type CliResult } from '../helpers/cli.js';
import { waitFor } from '../helpers/wait-for.js';
import { Store } from '../../engine/store/store.js';
import { enginePaths } from '../../engine/context.js';
import { connectEngine, EngineRequestError } from '../../engine/protocol/client.js';

describe('asks, answer, wait', () => {
  let project: TestProject;
  let tmux: TestTmux;
  let env: Record<string, string>;
  const S = 'ak';
  const engine = (args: string[]): Promise<CliResult> => runCli('engine', [...args, '--project-root', project.root, '--session', S], { env });
  const ids: string[] = [];
  const addAsk = (question: string, timeoutS: number, createdAt = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z')): string => {
    const store = new Store(enginePaths(project.root, S).db);
    const id = store.decisions.nextId(new Date());
    store.decisions.create({ id, created_at: createdAt, status: 'pending', approval_mode: 'manual', brain: 'builtin', critique: 'fixture', raw_text: '', actions: [{ action: { kind: 'steer', lane: 'web', payload: question, rationale: 'r', mode: 'text', interrupt: false, wait_for_idle: false, expects_reply: true, reply_timeout_s: timeoutS }, classification: 'safe', reasons: [], status: 'executed' }] });
    store.decisions.resolve(id, { status: 'approved', by: 'test', at: createdAt, reason: 'fixture' });
    store.addAsk({ id: `${id}-0`, decision_id: id, lane: 'web', created_at: createdAt, reply_timeout_s: timeoutS });
    store.close();
    ids.push(`${id}-0`);
    return `${id}-0`;
  };
  const mail = (): string[] => readdirSync(join(project.root, '.loop/messages')).filter((f) => f.endsWith('.md'));

  beforeAll(() => {
    assertBuilt();
    project = makeProject();
    tmux = startTmux();
    tmux.run('new-session', '-d', '-s', S, '-x', '80', '-y', '24');
    writeFileSync(join(project.root, 'lane-config.yaml'), 'engine:\n  poll_interval_s: 1\n  min_cycle_interval_s: 0\n');
    env = { LOOPDECK_TMUX_SOCKET: tmux.name, USER: 'alice' };
  });
  afterAll(async () => {
    await engine(['stop']).catch(() => undefined);
    tmux?.kill();
    project?.cleanup();
  });

  it('without a daemon: wait exits 2 at once; asks lists; answer writes and matches', async () => {
    const w = await engine(['wait', '--only-asks']);
    expect(w.code).toBe(2);
    expect(w.stderr).toMatch(/no engine daemon is running/);
    expect(w.ms).toBeLessThan(5000);
    const id = addAsk('Which database: postgres or sqlite?', 3600);
    const l = JSON.parse((await engine(['asks', '--json'])).stdout) as { contract_version: number; asks: Array<{ id: string; status: string; question: string }> };
    expect(l.contract_version).toBe(1);
    expect(l.asks).toEqual([expect.objectContaining({ id, status: 'outstanding', question: 'Which database: postgres or sqlite?' })]);
    expect((await engine(['asks'])).stdout).toContain(id);
    const a = await engine(['answer', id, 'postgres,', 'please', '--json']);
    expect(a.code, a.stderr).toBe(0);
    const file = (JSON.parse(a.stdout) as { file: string }).file;
    expect(file).toMatch(/^\d{8}-\d{6}-alice-to-coord\.md$/);
    expect(readFileSync(join(project.root, '.loop/messages', file), 'utf8')).toMatch(new RegExp(`^---\\nsubject: re:${id} answer from alice\\n---\\n\\npostgres, please\\n$`));
    const all = JSON.parse((await engine(['asks', '--all', '--json'])).stdout) as { asks: Array<{ id: string; status: string; reply_file: string }> };
    expect(all.asks.find((x) => x.id === id)).toMatchObject({ status: 'replied', reply_file: file });
    const again = await engine(['answer', id, 'twice']);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already answered/);
    expect((await engine(['answer', 'd-nope-0', 'x'])).code).toBe(1);
  });

  it('with a daemon: wait --only-asks returns at once for an outstanding ask; wait wakes on an answer', async () => {
    const id = addAsk('Ship it?', 3600);
    expect((await engine(['start'])).code).toBe(0);
    const w = await engine(['wait', '--only-asks', '--json', '--timeout', '20']);
    expect(w.code, w.stderr).toBe(0);
    expect((JSON.parse(w.stdout) as { asks: Array<{ id: string }> }).asks.map((x) => x.id)).toEqual([id]);
    // A blocked `engine wait` wakes when the answer arrives, and says what changed.
    const child = spawn(process.execPath, [BIN.engine, 'wait', '--json', '--timeout', '30', '--project-root', project.root, '--session', S], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
    const done = new Promise<number>((r) => child.on('exit', (c) => r(c ?? -1)));
    await waitFor(() => err.includes('waiting for a change'), { timeoutMs: 15_000, what: 'engine wait subscribed' });
    const a = await engine(['answer', id, 'yes']);
    expect(a.code, a.stderr).toBe(0);
    expect(await done).toBe(0);
    const doc = JSON.parse(out) as { changed: Array<{ kind: string; type?: string; data?: { ask?: string } }> };
    expect(doc.changed.some((c) => c.kind === 'mailbox' || (c.type === 'reply-received' && c.data?.ask === id))).toBe(true);
    await waitFor(async () => (await engine(['events', '--json', '--type', 'reply-received'])).stdout.includes(id), { timeoutMs: 15_000, what: 'reply-received event' });
    const asks = JSON.parse((await engine(['asks', '--all', '--json'])).stdout) as { asks: Array<{ id: string; status: string }> };
    expect(asks.asks.find((x) => x.id === id)!.status).toBe('replied');
  });

  it('matches only the exact re:<ask-id> token, and expires overdue asks once', async () => {
    const id = addAsk('Exact?', 3600);
    const mailDir = join(project.root, '.loop/messages');
    writeFileSync(join(mailDir, '20260101-000000-web-to-coord.md'), `---\nsubject: re:${id}0 not me\n---\nx\n`);
    writeFileSync(join(mailDir, '20260101-000001-web-to-coord.md'), `---\nsubject: about ${id}\n---\nx\n`);
    const old = addAsk('Too late?', 1, '2026-01-01T00:00:00Z');
    await waitFor(async () => (await engine(['events', '--json', '--type', 'reply-timeout'])).stdout.includes(old), { timeoutMs: 15_000, what: 'reply-timeout' });
    const ev = (await engine(['events', '--json', '--type', 'reply-timeout'])).stdout.split('\n').filter((l) => l.includes(old));
    expect(ev).toHaveLength(1);
    const asks = JSON.parse((await engine(['asks', '--all', '--json'])).stdout) as { asks: Array<{ id: string; status: string }> };
    expect(asks.asks.find((x) => x.id === id)!.status).toBe('outstanding');
    expect(asks.asks.find((x) => x.id === old)!.status).toBe('timed-out');
  });

  it('IPC ask.answer: {ask_id, text, by?} → {ask_id, file}; typed errors', async () => {
    const id = addAsk('Over the socket?', 3600);
    const info = JSON.parse(readFileSync(enginePaths(project.root, S).daemonJson, 'utf8')) as { socket: string };
    const c = await connectEngine(info.socket, { client: 'test' });
    try {
      const before = mail().length;
      const r = await c.call('ask.answer', { ask_id: id, text: 'via ipc', by: 'deck user' });
      expect(r.ask_id).toBe(id);
      expect(r.file).toMatch(/-deck-user-to-coord\.md$/);
      expect(mail().length).toBe(before + 1);
      await expect(c.call('ask.answer', { ask_id: 'nope', text: 'x' })).rejects.toMatchObject({ rpcCode: -32004 });
      await expect(c.call('ask.answer', { ask_id: id } as never)).rejects.toBeInstanceOf(EngineRequestError);
      await waitFor(async () => (await engine(['events', '--json', '--type', 'reply-received'])).stdout.includes(id), { timeoutMs: 15_000, what: 'daemon matched the ipc answer' });
      await expect(c.call('ask.answer', { ask_id: id, text: 'again' })).rejects.toMatchObject({ rpcCode: -32009 });
    } finally { c.close(); }
  });
});
