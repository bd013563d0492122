/**
 * Metrics, experiments and the nightly lint as real processes: a real SQLite store per session,
 * real files, and (for dispatch and the daemon hook) a private tmux server with the demo agent.
 */
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { assertBuilt, runCli } from '../helpers/cli.js';
import { makeProject, type TestProject } from '../helpers/project.js';
import { makeBed, type Bed } from '../helpers/engine.js';
import { waitFor } from '../helpers/wait-for.js';
import { Store } from '../../engine/store/store.js';

beforeAll(() => { assertBuilt(); });

const stamp = (msAgo: number): string => new Date(Date.now() - msAgo).toISOString().replace(/\.\d{3}Z$/, 'Z');
function seed(root: string, session: string, events: Array<[string, Record<string, unknown>, number?]>): void {
  const s = new Store(join(root, '.loop', 'sessions', session, 'engine', 'engine.db'));
  try { for (const [type, data, ago] of events) s.events.append(type, data, stamp(ago ?? 60_000)); } finally { s.close(); }
}

describe('engine metrics / loop metrics on a real store (spec §6)', () => {
  let p: TestProject;
  beforeEach(() => { p = makeProject({ git: false }); });
  afterEach(() => { p.cleanup(); });
  const loop = (args: string[]) => runCli('loop', [...args, '--project-root', p.root], { env: { LOOP_SESSION: undefined, TMUX: undefined } });
  const engine = (args: string[]) => runCli('engine', [...args, '--project-root', p.root], { env: { LOOP_SESSION: undefined, TMUX: undefined } });

  it('reads the session store: autonomy, per-lane dispatches, notes; loop metrics relays the same output', async () => {
    seed(p.root, 's1', [['decision-approved', { decided_by: 'engine' }], ['decision-approved', { decided_by: 'engine' }], ['decision-approved', {}], ['decision-rejected', {}],
      ['action', { lane: 'web', kind: 'dispatch' }], ['action', { lane: 'web', kind: 'dispatch' }], ['brain-call', {}]]);
    const e = await engine(['metrics']);
    expect(e.code).toBe(0);
    expect(e.stdout).toMatch(/^loop-metrics — \d{4}-\d{2}-\d{2} \(session: s1\)\n/);
    expect(e.stdout).toContain('  autonomy_ratio:                  0.50 (2/4)\n');
    expect(e.stdout).toContain('  dispatches_per_lane_7d:          {"web":2}\n');
    expect(e.stdout).toContain("  - session defaulted to sole .loop/sessions/ entry 's1'\n");
    expect(e.stdout).toContain('  brain_tokens_7d:                 n/a\n');
    const l = await loop(['metrics']);
    expect([l.code, l.stdout]).toEqual([0, e.stdout]);
    const j = JSON.parse((await loop(['metrics', '--json'])).stdout) as { autonomy_ratio: number; total_decisions: number };
    expect([j.autonomy_ratio, j.total_decisions]).toEqual([0.5, 4]);
  });

  it('39: --log appends exactly one metrics line; --all --log and --all --session exit 2 with the log untouched', async () => {
    seed(p.root, 's1', [['escalate', {}]]);
    const log = join(p.root, 'ops-wiki', 'log.md');
    const before = readFileSync(log, 'utf8');
    const r = await loop(['metrics', '--log']);
    expect(r.code).toBe(0);
    const added = readFileSync(log, 'utf8').slice(before.length);
    expect(added).toMatch(/^\n## \[\d{4}-\d{2}-\d{2}\] metrics \| tokens=0 pending=0 .* source=session-events-v2\n$/);
    expect(r.stderr).toMatch(/^logged: ## \[/);
    const after = readFileSync(log, 'utf8');
    for (const args of [['--all', '--log'], ['--all', '--session', 's1']]) {
      const x = await loop(['metrics', ...args]);
      expect(x.code).toBe(2);
      expect(x.stderr).toMatch(/--all and --(log|session) cannot be combined/);
    }
    expect(readFileSync(log, 'utf8')).toBe(after);
  });

  it('--all lists every session in a table with the fleet aggregate', async () => {
    seed(p.root, 'a', [['decision-approved', { decided_by: 'engine' }]]);
    seed(p.root, 'b', [['decision-rejected', {}]]);
    const r = await loop(['metrics', '--all']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(/^SESSION\s+ROOT\s+TOKENS\s+AUTONOMY\s+INT\s+ESC\s+BRAIN\s+INGEST\s+LINT\s+STEER\s+BRAIN_TOKENS\s+COST_USD\s+IDLE_BACKLOG$/);
    expect(r.stdout).toContain('fleet aggregate:');
    expect(r.stdout).toContain(`${'  autonomy_ratio:'.padEnd(31)}0.50 (1/2)\n`);
  });

  it('experiments: start records a baseline and log lines; the verdict waits for 3 cycles, then keeps or discards', async () => {
    seed(p.root, 's1', [['brain-call', {}]]);
    const start = await engine(['metrics', '--experiment-start', 'short-header', '--note', 'shorter checkpoint header']);
    expect(start.code).toBe(0);
    expect(start.stdout).toContain('experiment short-header started at');
    expect(readFileSync(join(p.root, 'ops-wiki', 'log.md'), 'utf8')).toMatch(/## \[[\d-]+\] experiment \| shorter checkpoint header \(id short-header\)\n\n## \[[\d-]+\] metrics \| /);
    expect((await engine(['metrics', '--experiment-start', 'short-header', '--note', 'again'])).code).toBe(1);
    const pending = await engine(['metrics', '--experiment', 'short-header']);
    expect(pending.stdout).toContain('verdict: PENDING');
    const later = [['cycle-end', {}, -1000], ['cycle-end', {}, -2000], ['cycle-end', {}, -3000]] as Array<[string, Record<string, unknown>, number]>;
    seed(p.root, 's1', later);
    const keep = JSON.parse((await engine(['metrics', '--experiment', 'short-header', '--json'])).stdout) as { verdict: string; cycles: number };
    expect(keep).toMatchObject({ verdict: 'keep', cycles: 3 });
    // pending mail piles up across the cycles → discard
    seed(p.root, 's1', [['mailbox-new', { file: 'x1.md' }, -4000], ['cycle-end', {}, -5000], ['mailbox-new', { file: 'x2.md' }, -6000], ['cycle-end', {}, -7000]]);
    const discard = await engine(['metrics', '--experiment', 'short-header']);
    expect(discard.stdout).toContain('verdict: DISCARD');
    expect(discard.stdout).toContain('pending_messages trending up');
    expect(discard.stdout).toContain('experiment | reverted: shorter checkpoint header');
    expect((await engine(['metrics', '--experiment', 'nope'])).code).toBe(1);
  });
});

describe('engine.lint.schedule (spec §7.3)', () => {
  let p: TestProject;
  beforeEach(() => { p = makeProject({ git: false }); });
  afterEach(() => { p.cleanup(); });
  it('a bad cron value is reported with file:line and dotted key and the default is used; --crontab and --next', async () => {
    writeFileSync(join(p.root, 'lane-config.yaml'), 'lanes: {}\nengine:\n  lint:\n    schedule: "61 * * * *"\n');
    const r = await runCli('engine', ['lint', '--crontab', '--session', 's', '--project-root', p.root]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`${join(p.root, 'lane-config.yaml')}:4: engine.lint.schedule: '61 * * * *' is not a valid cron expression`);
    expect(r.stdout).toMatch(/^0 3 \* \* \* \S+ \S+engine\/bin\/main\.cjs lint --now --session s --project-root \S+ >> \S+\/\.loop\/lint-cron\.log 2>&1\n$/);
    writeFileSync(join(p.root, 'lane-config.yaml'), 'lanes: {}\nengine:\n  lint:\n    schedule: "30 2 * * *"\n');
    const n = JSON.parse((await runCli('engine', ['lint', '--next', '--json', '--session', 's', '--project-root', p.root])).stdout) as { schedule: string; next_run: string };
    expect(n.schedule).toBe('30 2 * * *');
    expect(new Date(n.next_run).getHours() * 60 + new Date(n.next_run).getMinutes()).toBe(150);
  });
});

describe('nightly lint with a real lane (tmux)', () => {
  let bed: Bed;
  beforeAll(async () => { bed = await makeBed({ lanes: '  web: { harness: demo, role: web }\n', engine: '  lint:\n    lane: web\n' }); });
  afterAll(async () => { await bed.cleanup(); });

  it('engine lint --now: mechanical pass, prompt dispatched to the lane, lint-dispatch event, metrics logged; status shows the next run', async () => {
    const r = await bed.engine(['lint', '--now', '--json']);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, lane: 'web', error: null });
    const log = readFileSync(join(bed.root, 'ops-wiki', 'log.md'), 'utf8');
    expect(log).toMatch(/## \[[\d-]+\] lint \| \d+ pages, \d+ findings\n/);
    expect(log).toMatch(/## \[[\d-]+\] metrics \| .*lints7d=1 .*source=session-events-v2\n$/);
    const ev = await bed.engine(['events', '--json', '--type', 'lint-dispatch']);
    expect(JSON.parse(ev.stdout.trim().split('\n').pop() ?? '{}')).toMatchObject({ event: 'lint-dispatch', ok: true, lane: 'web' });
    const st = await bed.engine(['status']);
    expect(st.stdout).toMatch(/nightly lint: 0 3 \* \* \* · next \d{4}-/);
    expect(JSON.parse((await bed.engine(['status', '--json'])).stdout).lint).toMatchObject({ schedule: '0 3 * * *', enabled: true });
  }, 120_000);

  it('engine watch runs the lint when its scheduled time has passed (daemon hook)', async () => {
    const s = new Store(join(bed.root, '.loop', 'sessions', bed.session, 'engine', 'engine.db'));
    const before = s.events.list({ types: ['lint-dispatch'] }).length;
    s.setKv('lint_next_run', new Date(Date.now() - 60_000).toISOString());
    s.close();
    const start = await bed.engine(['start']);
    expect(start.code).toBe(0);
    try {
      await waitFor(() => {
        const db = new Store(join(bed.root, '.loop', 'sessions', bed.session, 'engine', 'engine.db'));
        try { return db.events.list({ types: ['lint-dispatch'] }).length > before; } finally { db.close(); }
      }, { timeoutMs: 60_000, what: 'a lint-dispatch event from the daemon' });
      const db = new Store(join(bed.root, '.loop', 'sessions', bed.session, 'engine', 'engine.db'));
      try { expect(Date.parse(db.getKv('lint_next_run') ?? '')).toBeGreaterThan(Date.now()); } finally { db.close(); }
    } finally {
      await bed.engine(['stop']);
    }
    expect(existsSync(join(bed.root, 'ops-wiki', 'log.md'))).toBe(true);
  }, 120_000);
});
