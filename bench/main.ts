#!/usr/bin/env node
/**
 * `npm run bench`: measured figures for the budgets of DESIGN.md §10, beside the reference's costs
 * (../shared/bench/README.md). Prints a table; never fails on timing. Each figure is the median of
 * several runs on a private tmux server (8, 26 and 98 panes: the six base windows plus 0, 18 or 90
 * dynamic lanes running bench/idle-agent.sh). The CLIs run as a user runs them: the bin file itself, so its bin
 * line applies (`loop` starts Node without NODE_EXTRA_CA_CERTS: substrate/cli/ca-env.ts).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Tmux } from '../substrate/tmux/server.js';
import { run } from '../substrate/proc/run.js';
import { bin, packageRoot } from '../substrate/pkg.js';
import { observeFleet } from '../substrate/observe.js';
import { createSession } from '../substrate/sessions.js';
import { resolveSlots } from '../substrate/config/slots.js';
import { initProject } from '../substrate/scaffold.js';
import { createContext } from '../engine/context.js';
import { runCycle } from '../engine/cycle/run-cycle.js';
import { benchDigest } from './digest.js';
import { deckNodeFlags } from './deck-flags.js';
import { engineBench } from './engine.js';
import { benchCheckpoint } from './checkpoint.js';

const REF = { laneStatus: { 8: 547, 26: 1813, 98: 7208 } as Record<number, number>, listLanes: { 8: 240, 26: 1016, 98: 3451 } as Record<number, number>, dispatch: 2066, addLane: 675 };
const median = (xs: number[]): number => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]!; };
const rows: Array<[string, string, string, string]> = [];
const row = (what: string, ms: number, budget: string, ref?: number): void => {
  rows.push([what, `${ms.toFixed(1)} ms`, budget, ref ? `${ref} ms (×${(ref / ms).toFixed(1)} faster)` : '-']);
  process.stdout.write(`  ${what}: ${ms.toFixed(1)} ms\n`);
};

async function time(n: number, fn: () => Promise<unknown>): Promise<number> {
  await fn();
  const xs: number[] = [];
  for (let i = 0; i < n; i++) { const t = performance.now(); await fn(); xs.push(performance.now() - t); }
  return median(xs);
}

async function main(): Promise<void> {
  const name = `loopdeck-bench-${randomBytes(4).toString('hex')}`;
  const tmux = new Tmux({ socketName: name, configFile: '/dev/null' });
  const root = mkdtempSync(join(tmpdir(), 'loopdeck-bench-'));
  const agent = join(packageRoot(), 'bench', 'idle-agent.sh');
  const node = process.execPath;
  process.stdout.write(`loopdeck bench — ${new Date().toISOString()} — node ${process.version}, ${await tmux.checkVersion()}\n`);
  try {
    const cp = await benchCheckpoint(); row(`${cp.what} → ~${cp.tokens} tokens`, cp.ms, cp.budget);
    await run(['git', 'init', '-q', '-b', 'main'], { cwd: root });
    initProject(root);
    writeFileSync(join(root, 'lane-config.yaml'), 'lanes:\n  web: { harness: demo }\n  infra: { harness: demo }\nengine:\n  approval_mode: auto\n');
    await tmux.run(['start-server', ';', 'set', '-g', 'exit-empty', 'off', ';', 'set', '-g', 'default-command', 'exec sh', ';', 'set-environment', '-g', 'PS1', '$ ']);
    const { slots } = resolveSlots({ flags: { web: `sh ${agent}`, infra: `sh ${agent}` }, projectRoot: root, digestCmd: '' });
    await createSession(tmux, { session: 'bench', projectRoot: root, webRoot: root, infraRoot: root, slots, width: 200, height: 50 });
    let dynamic = 0;
    const env = { ...process.env, LOOPDECK_TMUX_SOCKET: name };
    for (const target of [0, 18, 90]) {
      const batch: string[][] = [];
      for (; dynamic < target; dynamic++) {
        batch.push(['new-window', '-d', '-t', '=bench:', '-n', `lane${dynamic}`, `sh ${agent}`], ['set-option', '-w', '-t', `=bench:=lane${dynamic}`, '@loop_lane', '1']);
      }
      if (batch.length) await tmux.batch(batch);
      const panes = 8 + dynamic;
      process.stdout.write(`\n${panes} panes:\n`);
      row(`observe + classify in-process (${panes} panes)`, await time(15, () => observeFleet(tmux, 'bench')), panes >= 96 ? '≤ 120 ms' : panes >= 24 ? '≤ 40 ms' : '-');
      row(`loop lane-status --json --all as a process (${panes} panes)`, await time(9, () => run([bin('loop'), 'lane-status', '--json', '--all', 'bench'], { env })), '≤ 250 ms', REF.laneStatus[panes]);
      row(`loop list-lanes --json as a process (${panes} panes)`, await time(9, () => run([bin('loop'), 'list-lanes', '--session', 'bench', '--json'], { env })), '≤ 200 ms', REF.listLanes[panes]);
      if (panes === 26) {
        const ctx = createContext({ root, session: 'bench', socketName: name, out: () => undefined });
        row('engine cycle, builtin brain, nothing to do (26 lanes, in-process)', await time(7, () => runCycle(ctx, { force: true, reasons: ['bench'] })), '≤ 150 ms (brain excluded)');
        ctx.store.close();
        row('loop dispatch --mode text into an idle lane (process)', await time(7, () => run([bin('loop'), 'dispatch', '--session', 'bench', 'lane0', 'hello from the bench'], { env })), '≤ 400 ms', REF.dispatch);
        let k = 0;
        row('loop add-lane --cmd (process, no readiness wait)', await time(9, () => run([bin('loop'), 'add-lane', '--session', 'bench', '--window', `extra${k++}`, '--cmd', `sh ${agent}`], { env })), '≤ 150 ms', REF.addLane);
        let j = 0;
        row('loop drop-lane (process)', await time(k - 1, () => run([bin('loop'), 'drop-lane', '--session', 'bench', '--window', `extra${j++}`], { env })), '-');
      }
    }
    process.stdout.write('\ndigest:\n');
    for (const r of await benchDigest()) row(r.what, r.ms, r.budget, r.ref);
    // The process floor, as the bins meet it. `loop` runs through its bin line (substrate/cli/ca-env.ts): Node
    // starts without NODE_EXTRA_CA_CERTS, which Node 20 parses at start-up (~100 ms here when it is set).
    const withCa = process.env.NODE_EXTRA_CA_CERTS ? ` (NODE_EXTRA_CA_CERTS=${process.env.NODE_EXTRA_CA_CERTS})` : ' (NODE_EXTRA_CA_CERTS unset)';
    row(`node -e 0, this machine's process floor${withCa}`, await time(7, () => run([node, '-e', '0'])), '-');
    if (process.env.NODE_EXTRA_CA_CERTS) {
      row('node -e 0 without NODE_EXTRA_CA_CERTS (the floor the loop bin meets)', await time(7, () => run([node, '-e', '0'], { env: { NODE_EXTRA_CA_CERTS: undefined } })), '-');
    }
  } finally {
    await tmux.run(['kill-server']).catch(() => undefined);
    rmSync(join(process.env.TMUX_TMPDIR || '/tmp', `tmux-${process.getuid?.() ?? 0}`, name), { force: true });
    rmSync(root, { recursive: true, force: true });
  }
  rows.push(...await (await import('./tasks.js')).benchTasks());
  for (const r of await engineBench((l) => process.stdout.write(`\n${l}:\n`))) row(r.what, r.ms, r.budget);
  // The deck bench runs in a process of its own, as the deck does: its RSS figure must not include
  // this process's tmux, engine and fixture state.
  // It gets the Node flags of the deck's own bin line, so the figures are the deck's as users start it.
  const deckFlags = deckNodeFlags(readFileSync(join(packageRoot(), 'dist', 'deck', 'main.js'), 'utf8'));
  const deckRows = JSON.parse((await run([process.execPath, '--expose-gc', ...deckFlags, join(packageRoot(), 'dist', 'bench', 'deck.js'), '--json'], { timeoutMs: 300_000 })).stdout) as Array<[string, string, string]>;
  for (const [what, v, budget] of deckRows) { rows.push([what, v, budget, '-']); process.stdout.write(`  ${what}: ${v}\n`); }
  process.stdout.write('\n| what | loopdeck (median) | budget | reference |\n|---|---|---|---|\n');
  for (const r of rows) process.stdout.write(`| ${r.join(' | ')} |\n`);
}

await main();
