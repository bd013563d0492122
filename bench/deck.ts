/**
 * Deck figures (DESIGN.md §10, issue budget): time to the first full frame (module load included),
 * one 100-lane fleet update (reduce + render), and RSS after a simulated hour of updates (3600
 * snapshot updates with status changes, pane captures and transcript chunks, each rendered).
 * Headless: fake TTY streams and an in-memory engine link; nothing touches a terminal or tmux.
 * CPU time is reported beside wall time: on a shared, loaded machine the wall figure mostly
 * measures waiting for a core. `DECK_BENCH_UPDATES` shortens the simulated hour.
 */
import { PassThrough } from 'node:stream';
import type { EngineClient } from '../engine/protocol/client.js';
import type { LaneRow, Snapshot } from '../engine/protocol/snapshot.js';

class Out extends PassThrough { isTTY = true; columns = 200; rows = 60; getWindowSize(): [number, number] { return [this.columns, this.rows]; } constructor() { super(); this.resume(); } }
class In extends PassThrough { isTTY = true; isRaw = false; setRawMode(m: boolean): this { this.isRaw = m; return this; } }

const STATUSES = ['idle', 'working', 'awaiting-approval', 'errored', 'unknown'] as const;
const row = (i: number, tick: number): LaneRow => ({
  lane: `lane${i}`, kind: 'dynamic', target: `%${i}`, window: `lane${i}`, harness: 'demo', role: `r${i % 7}`, model: null, base: false, lane_kind: 'worker',
  status: STATUSES[(i + tick) % STATUSES.length]!, changed_at: null, current_command: 'node',
});
const snap = (tick: number, lanes = 100): Snapshot => ({
  protocol_version: 1, source: 'engine', session: 'bench', project_root: '/tmp/bench', generated_at: new Date().toISOString(),
  engine: { state: 'running', pid: 1, approval_mode: 'manual', brain: 'builtin', last_cycle: null, world_hash: 'abc', world_hash_at: new Date().toISOString(), brain_calls_hour: tick % 9, backoff_until: null },
  lanes: Array.from({ length: lanes }, (_, i) => row(i, tick)), loops: [], mailbox: { pending: [], processed_count: tick }, tasks: [], decision: null,
  events: Array.from({ length: 30 }, (_, i) => ({ seq: tick * 30 + i, ts: new Date().toISOString(), type: 'lane-status', data: { lane: `lane${i}`, tick } })), problems: [],
  restarts: { lane1: tick % 3 },
  history: { bucket_s: 900, until: new Date().toISOString(), cycle_ms: Array.from({ length: 24 }, (_, i) => (i * tick) % 400), brain_usd: Array.from({ length: 24 }, (_, i) => ((i + tick) % 5) / 100), brain_calls: Array.from({ length: 24 }, () => 1) },
});

const median = (xs: number[]): number => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]!; };

/** Run the deck bench; returns [what, figure, budget] rows. */
export async function deckBench(): Promise<Array<[string, string, string]>> {
  let current = snap(0);
  const client: EngineClient = {
    hello: { protocol_version: 1, engine_version: 'bench', session: 'bench', project_root: '/tmp/bench', pid: 1 },
    call: (async (m: string) => (m === 'snapshot' ? current : m === 'lane.capture' ? { lane: 'lane0', target: '%0', text: 'agent$ ok', captured_at: '' } : {})) as EngineClient['call'],
    onNotification: () => undefined, onClose: () => undefined, close: () => undefined,
  };
  const deps = { connect: async () => client, socketPathFor: () => '/tmp/bench.sock', offlineSnapshot: async () => current, offlineCapture: async () => '' };
  const cpu = (): number => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
  const t0 = performance.now();
  const c0 = cpu();
  const { startDeck } = await import('../deck/start.js');
  const run = startDeck({ root: '/tmp/bench', session: 'bench', io: { input: new In(), output: new Out() }, deps, pollMs: 60_000, ownPane: null });
  while (!run.store.getState().snapshot) await new Promise((r) => setImmediate(r));
  run.flush();
  const first = performance.now() - t0;
  const firstCpu = cpu() - c0;

  const times: number[] = [];
  const cpus: number[] = [];
  for (let tick = 1; tick <= 40; tick++) {
    const s = snap(tick);
    const t = performance.now();
    const c = cpu();
    run.store.dispatch({ type: 'snapshot.received', snapshot: s, at: Date.now() });
    run.flush();
    times.push(performance.now() - t);
    cpus.push(cpu() - c);
  }

  const hour = Number(process.env.DECK_BENCH_UPDATES) || 3600;
  for (let tick = 41; tick < 41 + hour; tick++) {
    current = snap(tick);
    run.store.dispatch({ type: 'snapshot.received', snapshot: current, at: Date.now() });
    run.store.dispatch({ type: 'pane.captured', lane: run.store.getState().selectedLane ?? 'lane0', text: `agent$ step ${tick}\n`.repeat(40), at: new Date().toISOString() });
    run.store.dispatch({ type: 'transcript.chunk', path: `/tmp/bench/brain/${Math.floor(tick / 60)}.response.md`, text: `chunk ${tick} `.repeat(20), at: Date.now() });
    if (tick % 10 === 0) run.store.dispatch({ type: 'toast.show', level: 'info', text: `toast ${tick}`, at: Date.now() });
    run.flush();
    if (tick % 200 === 0) await new Promise((r) => setImmediate(r));
  }
  (globalThis as { gc?: () => void }).gc?.();
  const rss = process.memoryUsage().rss / (1024 * 1024);
  run.teardown();
  return [
    ['deck first frame (import + connect + 100-lane frame; wall, CPU)', `${first.toFixed(1)} ms (CPU ${firstCpu.toFixed(1)} ms)`, '≤ 400 ms'],
    ['deck 100-lane fleet update (reduce + render, median of 40; wall, CPU)', `${median(times).toFixed(2)} ms (CPU ${median(cpus).toFixed(2)} ms)`, '≤ 16 ms'],
    [`deck RSS after a simulated hour (${hour} updates + captures + transcript)`, `${rss.toFixed(0)} MB`, '≤ 120 MB'],
  ];
}

// `node dist/bench/deck.js` runs just this bench.
if (process.argv[1] && /bench[/\\]deck\.[jt]s$/.test(process.argv[1])) {
  const rows = await deckBench();
  if (process.argv.includes('--json')) process.stdout.write(JSON.stringify(rows) + '\n');
  else for (const [what, v, budget] of rows) process.stdout.write(`${what}: ${v} (budget ${budget})\n`);
}
