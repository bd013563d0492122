/**
 * Engine budgets (DESIGN.md §10, issue 4 item 12), on a private tmux server with 96 lanes (6 base
 * windows + 88 dynamic lanes running bench/idle-agent.sh):
 * - cycle overhead with an instant brain (builtin, in-process), 96 lanes — budget ≤ 150 ms;
 * - mailbox file → cycle start with a real daemon (`engine watch`, min_cycle_interval_s 0, so the
 *   debounce is already over) — budget ≤ 1 s. Measured from the file's rename into the mailbox to
 *   the daemon's `cycle-start` event, seen by polling its store every 5 ms;
 * - `engine status --json` and `engine events --json --limit 20` as processes (no budget; printed).
 * Returns printable rows; never fails on timing.
 */
import { mkdtempSync, rmSync, writeFileSync, renameSync, existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Tmux } from '../substrate/tmux/server.js';
import { run, spawnDetached } from '../substrate/proc/run.js';
import { bin, packageRoot } from '../substrate/pkg.js';
import { createSession } from '../substrate/sessions.js';
import { resolveSlots } from '../substrate/config/slots.js';
import { initProject } from '../substrate/scaffold.js';
import { createContext, enginePaths } from '../engine/context.js';
import { runCycle } from '../engine/cycle/run-cycle.js';
import { Store } from '../engine/store/store.js';

export interface BenchRow { what: string; ms: number; budget: string }

const median = (xs: number[]): number => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]!; };
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function engineBench(log: (l: string) => void = () => undefined): Promise<BenchRow[]> {
  const name = `loopdeck-bench-eng-${randomBytes(4).toString('hex')}`;
  const tmux = new Tmux({ socketName: name, configFile: '/dev/null' });
  const root = mkdtempSync(join(tmpdir(), 'loopdeck-bench-eng-'));
  const agent = join(packageRoot(), 'bench', 'idle-agent.sh');
  const rows: BenchRow[] = [];
  let daemonPid = 0;
  try {
    await run(['git', 'init', '-q', '-b', 'main'], { cwd: root });
    initProject(root);
    writeFileSync(join(root, 'lane-config.yaml'), 'lanes:\n  web: { harness: demo }\n  infra: { harness: demo }\nengine:\n  approval_mode: auto\n  poll_interval_s: 2\n  min_cycle_interval_s: 0\n');
    await tmux.run(['start-server', ';', 'set', '-g', 'exit-empty', 'off', ';', 'set', '-g', 'default-command', 'exec sh', ';', 'set-environment', '-g', 'PS1', '$ ']);
    const { slots } = resolveSlots({ flags: { web: `sh ${agent}`, infra: `sh ${agent}` }, projectRoot: root, digestCmd: '' });
    await createSession(tmux, { session: 'bench', projectRoot: root, webRoot: root, infraRoot: root, slots, width: 200, height: 50 });
    const batch: string[][] = [];
    for (let i = 0; i < 88; i++) batch.push(['new-window', '-d', '-t', '=bench:', '-n', `lane${i}`, `sh ${agent}`], ['set-option', '-w', '-t', `=bench:=lane${i}`, '@loop_lane', '1']);
    await tmux.batch(batch);
    const panes = (await tmux.out(['list-panes', '-s', '-t', '=bench:', '-F', '#{pane_id}'])).trim().split('\n').length;
    log(`engine bench: ${panes} panes`);

    const ctx = createContext({ root, session: 'bench', socketName: name, out: () => undefined });
    const xs: number[] = [];
    await runCycle(ctx, { force: true, reasons: ['bench'] });
    for (let i = 0; i < 7; i++) { const t = performance.now(); await runCycle(ctx, { force: true, reasons: ['bench'] }); xs.push(performance.now() - t); }
    ctx.store.close();
    rows.push({ what: `engine cycle overhead, instant (builtin) brain, ${panes} panes`, ms: median(xs), budget: '≤ 150 ms' });

    const paths = enginePaths(root, 'bench');
    daemonPid = spawnDetached([process.execPath, bin('engine'), 'watch', '--project-root', root, '--session', 'bench', '-L', name], { cwd: root, logFile: paths.log });
    const store = (): Store => new Store(paths.db);
    const lastSeq = (type: string): number => { const s = store(); try { return s.events.tail(1, [type])[0]?.seq ?? 0; } finally { s.close(); } };
    const until = async (fn: () => boolean, ms: number): Promise<boolean> => { const end = Date.now() + ms; while (Date.now() < end) { if (fn()) return true; await sleep(5); } return false; };
    await until(() => existsSync(paths.daemonJson) && lastSeq('cycle-result') > 0, 30_000);
    const lat: number[] = [];
    const mailDir = join(root, '.loop', 'messages');
    for (let i = 0; i < 5; i++) {
      const before = lastSeq('cycle-start');
      const tmp = join(root, `.bench-mail-${i}.tmp`);
      writeFileSync(tmp, `---\nsubject: bench ${i}\n---\nhello\n`);
      const t = performance.now();
      renameSync(tmp, join(mailDir, `20260101-0000${String(i).padStart(2, '0')}-web-to-coord.md`));
      if (await until(() => lastSeq('cycle-start') > before, 10_000)) lat.push(performance.now() - t);
      const started = lastSeq('cycle-start');
      await until(() => lastSeq('cycle-result') >= started, 20_000);
    }
    if (lat.length) rows.push({ what: `mailbox file → cycle start (daemon, ${panes} panes, after debounce)`, ms: median(lat), budget: '≤ 1000 ms' });
    // The engine CLI as a person or a script calls it, with the daemon running: a snapshot over the socket,
    // and a page of the event log read from the store (engine/cli/verbs.ts loads only the verb being run).
    const env = { ...process.env, LOOPDECK_TMUX_SOCKET: name };
    const cli = async (args: string[]): Promise<number> => {
      const ys: number[] = [];
      for (let i = 0; i < 8; i++) { const t = performance.now(); await run([bin('engine'), ...args, '--project-root', root, '--session', 'bench'], { env }); if (i) ys.push(performance.now() - t); }
      return median(ys);
    };
    rows.push({ what: `engine status --json as a process (daemon running, ${panes} panes)`, ms: await cli(['status', '--json']), budget: '-' });
    rows.push({ what: 'engine events --json --limit 20 as a process', ms: await cli(['events', '--json', '--limit', '20']), budget: '-' });
    const info = JSON.parse(readFileSync(paths.daemonJson, 'utf8')) as { pid: number };
    daemonPid = info.pid;
  } finally {
    if (daemonPid) { try { process.kill(daemonPid, 'SIGTERM'); } catch { /* gone */ } for (let i = 0; i < 100; i++) { try { process.kill(daemonPid, 0); await sleep(50); } catch { break; } } }
    await tmux.run(['kill-server']).catch(() => undefined);
    rmSync(join(process.env.TMUX_TMPDIR || '/tmp', `tmux-${process.getuid?.() ?? 0}`, name), { force: true });
    rmSync(root, { recursive: true, force: true });
  }
  return rows;
}
