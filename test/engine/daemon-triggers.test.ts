/**
 * The watch daemon's triggers and suppression on real tmux (spec §12.2–12.4): pause keeps
 * observing (lane-status events still arrive) and skips cycles once per episode; the sticky
 * mailbox trigger fires on resume; a ledger change, cycle-now and a working → idle lane each
 * trigger; a quota failure arms a backoff from the stderr reset hint (status shows it, triggered
 * ticks are skipped, observation goes on); the hour budget skips cycles.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeBed, type Bed } from '../helpers/engine.js';
import { waitFor } from '../helpers/wait-for.js';
import { assertBuilt } from '../helpers/cli.js';

interface Ev { seq: number; event: string; reasons?: string[]; reason?: string; lane?: string; from?: string; to?: string; source?: string; deadline?: string; triggers?: string[] }

describe('daemon triggers and suppression', () => {
  let bed: Bed;
  let n = 0;
  // The demo lane "works" for 5 s (makeBed's default is 1 s): the daemon observes every second, and
  // under load a 1 s working spell could fall between two observations (the test then never saw
  // `working`). Every wait below polls with a generous budget; nothing sleeps a fixed time.
  beforeAll(async () => { assertBuilt(); bed = await makeBed({ lanes: '  web: { harness: demo }\n', env: { DEMO_AGENT_WORK_S: '5' } }); });
  afterAll(async () => { await bed?.cleanup(); });

  const events = async (type?: string): Promise<Ev[]> => (await bed.engine(['events', '--json', ...(type ? ['--type', type] : [])])).stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Ev);
  /** Generous: each poll spawns `engine events` (~0.3 s of CPU), and the machine may be loaded. */
  const WAIT = { timeoutMs: 60_000, intervalMs: 250 };
  const after = async (seq: number, pred: (e: Ev) => boolean, what: string): Promise<Ev> => waitFor(async () => (await events()).find((e) => e.seq > seq && pred(e)) ?? null, { ...WAIT, what });
  const lastSeq = async (): Promise<number> => { const e = await events(); return e.length ? e[e.length - 1]!.seq : 0; };
  const mail = (subject: string): void => { bed.project.write(`.loop/messages/2026010${n % 10}-00000${n++ % 10}-web-to-coord.md`, `---\nsubject: ${subject}\n---\nx\n`); };
  const config = (engine: string): void => {
    const p = join(bed.root, 'lane-config.yaml');
    writeFileSync(p, readFileSync(p, 'utf8').replace(/engine:[\s\S]*$/, `engine:\n  poll_interval_s: 1\n  min_cycle_interval_s: 0\n${engine}`));
  };

  it('pause observes but decides nothing; resume, ledger change, cycle-now and a finished lane trigger', async () => {
    expect((await bed.engine(['start'])).code).toBe(0);
    await after(0, (e) => e.event === 'cycle-result', 'boot cycle');
    const s0 = await lastSeq();
    expect((await bed.engine(['pause'])).code).toBe(0);
    // Taken once paused: a trigger from the boot cycle's aftermath may land before the pause.
    let s = await lastSeq();
    mail('while paused');
    const skip = await after(s0, (e) => e.event === 'cycle-skip', 'cycle-skip while paused');
    expect(skip.reason).toBe('paused');
    expect((await bed.status()).engine.state).toBe('paused');
    // Observation continues while paused: a lane that starts working is seen.
    expect((await bed.loop(['dispatch', '--session', bed.session, 'web', 'T0009 pretend work'])).code).toBe(0);
    await after(s, (e) => e.event === 'lane-status' && e.lane === 'web' && e.to === 'working', 'lane-status while paused');
    expect((await events('cycle-trigger')).filter((e) => e.seq > s)).toHaveLength(0);
    expect((await events('cycle-skip')).filter((e) => e.seq > s0 && e.reason === 'paused')).toHaveLength(1);
    s = await lastSeq();
    expect((await bed.engine(['resume'])).code).toBe(0);
    const t1 = await after(s, (e) => e.event === 'cycle-trigger', 'trigger after resume');
    expect(t1.reasons!.some((r) => r === 'mailbox-new' || r.startsWith('lane-transition:web'))).toBe(true);
    await after(t1.seq, (e) => e.event === 'cycle-result', 'cycle after resume');
    // The demo lane finishing its pretend work (working → idle) is a trigger too.
    await waitFor(async () => (await events('cycle-trigger')).some((e) => e.reasons!.includes('lane-transition:web:idle')), { ...WAIT, what: 'lane-transition trigger' });
    s = await lastSeq();
    const ledger = join(bed.root, '.loop', 'orchestrator-state.json');
    const st = JSON.parse(readFileSync(ledger, 'utf8')) as Record<string, unknown>;
    writeFileSync(ledger, JSON.stringify({ ...st, note: 'changed by a person' }, null, 2) + '\n');
    const t2 = await after(s, (e) => e.event === 'cycle-trigger', 'trigger after a ledger change');
    expect(t2.reasons).toContain('state-changed');
    await after(t2.seq, (e) => e.event === 'cycle-result', 'cycle after ledger change');
    s = await lastSeq();
    expect((await bed.engine(['cycle-now'])).code).toBe(0);
    const t3 = await after(s, (e) => e.event === 'cycle-trigger', 'cycle-now trigger');
    expect(t3.reasons).toContain('cycle-now');
    await after(t3.seq, (e) => e.event === 'cycle-result', 'cycle after cycle-now');
    expect((await bed.engine(['stop'])).code).toBe(0);
  }, 400_000);

  it('a quota failure arms a backoff from the reset hint; triggered ticks are skipped; observation goes on', async () => {
    config('  brain: { kind: cli, max_retries: 0 }\n');
    const s = await lastSeq();
    mail('a change for the boot cycle to decide on');
    expect((await bed.engine(['start'], { FAKE_BRAIN_MODE: 'quota' })).code).toBe(0);
    const set = await after(s, (e) => e.event === 'quota-backoff-set', 'quota-backoff-set');
    expect(set.source).toBe('stderr-reset');
    const st = await bed.status();
    expect(st.engine.state).toBe('backoff');
    expect((st.engine as unknown as { backoff_until: string }).backoff_until).toBe(set.deadline);
    mail('during backoff');
    const skip = await after(set.seq, (e) => e.event === 'cycle-skip', 'skip during backoff');
    expect(skip.reason).toBe('quota-backoff');
    expect(skip.deadline).toBe(set.deadline);
    expect((await bed.loop(['dispatch', '--session', bed.session, 'web', 'T0008 more pretend work'])).code).toBe(0);
    await after(set.seq, (e) => e.event === 'lane-status' && e.lane === 'web' && e.to === 'working', 'observation during backoff');
    expect((await events('brain-failed')).filter((e) => e.seq > s)).toHaveLength(1);
    expect((await bed.engine(['stop'])).code).toBe(0);
  }, 300_000);

  it('the hour budget skips cycles once spent', async () => {
    config('  approval_mode: auto\n  brain: { kind: cli, max_calls_per_hour: 1 }\n');
    const s = await lastSeq();
    // The earlier quota test spent the hour's one call already.
    expect((await bed.engine(['start'], { FAKE_BRAIN_MODE: 'stop' })).code).toBe(0);
    const skip = await after(s, (e) => e.event === 'cycle-skip' && e.reason === 'budget', 'budget skip');
    expect(skip.triggers!.length).toBeGreaterThan(0);
    expect((await events('brain-call')).filter((e) => e.seq > s)).toHaveLength(0);
    expect((await bed.engine(['stop'])).code).toBe(0);
  }, 200_000);
});
