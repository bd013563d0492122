#!/usr/bin/env node
/**
 * `npm run demo`: the whole loop on real tmux. Creates a demo project, starts a private tmux
 * server whose web and infra lanes run the demo agent, starts the engine with the builtin brain,
 * and attaches you to the session with the deck in the coord pane (approve each decision with
 * `y`). `--headless` runs the same in `auto` mode without attaching, until all three tasks are in
 * review (or 120 s), prints `demo: 3/3 tasks in review, <c> cycles, <d> decisions`, and cleans up.
 */
import { Command } from 'commander';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { Tmux } from '../substrate/tmux/server.js';
import { run } from '../substrate/proc/run.js';
import { bin } from '../substrate/pkg.js';
import { shQuote } from '../substrate/dispatch.js';
import { loadLaneConfig } from '../substrate/config/lane-config.js';
import { resolveSlots } from '../substrate/config/slots.js';
import { createSession, attachSession } from '../substrate/sessions.js';
import { listTasks } from '../substrate/files/tasks.js';
import { isLoopError } from '../substrate/errors.js';
import { Store } from '../engine/store/store.js';
import { enginePaths } from '../engine/context.js';
import { createDemoProject, DEMO_TASKS } from './project.js';

const SESSION = 'demo';

interface Opts { headless?: boolean; keep?: boolean; timeout: string; workS: string }

async function engineCli(args: string[], root: string, socket: string): Promise<void> {
  await run([process.execPath, bin('engine'), ...args, '--project-root', root, '--session', SESSION, '-L', socket], { timeoutMs: 30_000 });
}

function progress(root: string): { review: number; cycles: number; decisions: number } {
  const tasks = listTasks(root).tasks.filter((t) => DEMO_TASKS.some((d) => d.id === t.id));
  const review = tasks.filter((t) => t.status === 'review' || t.status === 'done').length;
  let cycles = 0;
  let decisions = 0;
  try {
    const store = new Store(enginePaths(root, SESSION).db);
    cycles = (store.db.prepare("SELECT COUNT(*) AS n FROM events WHERE type = 'cycle-end'").get() as { n: number }).n;
    decisions = (store.db.prepare('SELECT COUNT(*) AS n FROM decisions').get() as { n: number }).n;
    store.close();
  } catch { /* the engine has not created its store yet */ }
  return { review, cycles, decisions };
}

async function main(o: Opts): Promise<number> {
  const headless = Boolean(o.headless);
  const socket = `loopdeck-demo-${process.pid}`;
  const tmux = new Tmux({ socketName: socket, configFile: headless ? '/dev/null' : undefined });
  process.stdout.write(`demo: creating a demo project… `);
  const root = await createDemoProject(headless ? 'auto' : 'manual');
  process.stdout.write(`${root}\n`);
  let engineUp = false;
  let cleaned = false;
  const cleanup = async (): Promise<void> => {
    if (cleaned) return;
    cleaned = true;
    if (engineUp) await engineCli(['stop'], root, socket).catch((e: Error) => process.stderr.write(`demo: engine stop: ${e.message}\n`));
    await tmux.run(['kill-server']).catch(() => undefined);
    rmSync(join(process.env.TMUX_TMPDIR || '/tmp', `tmux-${process.getuid?.() ?? 0}`, socket), { force: true });
    if (headless && !o.keep) rmSync(root, { recursive: true, force: true });
  };
  // The terminal may go away (SIGHUP) or the user may interrupt: never leave an engine or a tmux
  // server running behind the demo.
  for (const sig of ['SIGHUP', 'SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => { void cleanup().finally(() => process.exit(130)); });
  }
  try {
    await tmux.checkVersion();
    // Plain shells with a `$ ` prompt in the lanes that run no agent, so they read `idle` (a
    // themed login prompt like `user@host:~#` reads `unknown`, deliberately).
    await tmux.run(['start-server', ';', 'set-option', '-g', 'exit-empty', 'off', ';', 'set-option', '-g', 'default-command', "exec env PS1='$ ' bash --norc --noprofile", ';', 'set-environment', '-g', 'DEMO_AGENT_WORK_S', o.workS]);
    const lc = loadLaneConfig(join(root, 'lane-config.yaml'));
    const deckCmd = ['env', 'NCURSES_NO_UTF8_ACS=1', process.execPath, bin('deck'), '--project-root', root, '--session', SESSION, '-L', socket].map(shQuote).join(' ');
    const { slots } = resolveSlots({ flags: headless ? {} : { coord: deckCmd }, laneConfig: lc, projectRoot: root, digestCmd: '' });
    process.stdout.write(`demo: starting tmux server -L ${socket} with session '${SESSION}'…\n`);
    await createSession(tmux, { session: SESSION, projectRoot: root, webRoot: root, infraRoot: root, slots, width: 200, height: 50 });
    process.stdout.write('demo: starting the engine (builtin brain)…\n');
    await engineCli(['start'], root, socket);
    engineUp = true;
    if (!headless) {
      process.stdout.write([
        '', 'demo: attaching. The deck is in the coord window:',
        '  y approve the pending decision · n reject · ? keys · q quit the deck',
        '  the demo agents work in the web and infra windows (C-b n / C-b p to look)',
        '  detach with C-b d to end the demo', '',
      ].join('\n'));
      await new Promise((r) => setTimeout(r, 1500));
      await attachSession(tmux, SESSION, false);
      const p = progress(root);
      process.stdout.write(`demo: ${p.review}/${DEMO_TASKS.length} tasks in review, ${p.cycles} cycles, ${p.decisions} decisions (project kept at ${root})\n`);
      return 0;
    }
    const deadline = Date.now() + Number(o.timeout) * 1000;
    let p = progress(root);
    let shown = '';
    while (p.review < DEMO_TASKS.length && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      p = progress(root);
      const line = `demo: ${p.review}/${DEMO_TASKS.length} in review · ${p.cycles} cycles · ${p.decisions} decisions`;
      if (line !== shown) { process.stdout.write(line + '\n'); shown = line; }
    }
    if (p.review < DEMO_TASKS.length) {
      process.stderr.write(`demo: FAILED — only ${p.review}/${DEMO_TASKS.length} tasks reached review within ${o.timeout}s (project kept at ${root}; engine log ${enginePaths(root, SESSION).log})\n`);
      o.keep = true;
      return 1;
    }
    process.stdout.write(`demo: ${p.review}/${DEMO_TASKS.length} tasks in review, ${p.cycles} cycles, ${p.decisions} decisions\n`);
    return 0;
  } finally {
    await cleanup();
  }
}

const program = new Command('demo')
  .description('run the whole loopdeck loop on a private tmux server with demo agents')
  .option('--headless', 'auto approval, no attach; exit 0 once every demo task is in review')
  .option('--keep', 'keep the demo project directory (headless)')
  .option('--timeout <s>', 'headless time budget in seconds', '120')
  .option('--work-s <s>', 'seconds each demo agent pretends to work', '3')
  .action(async (o: Opts) => { process.exitCode = await main(o); });

try {
  await program.parseAsync(process.argv);
} catch (e) {
  process.stderr.write(`demo: ${isLoopError(e) ? e.message + (e.hint ? `\nhint: ${e.hint}` : '') : (e as Error).stack}\n`);
  process.exit(1);
}
