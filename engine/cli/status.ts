/** `engine status [--json]`: engine state, the pending decision, lanes and recent events. */
import type { Command } from 'commander';
import { common, target, print, json, daemonClient, context, type EngineOpts } from './common.js';
import { decisionLines } from './format.js';

export function register(program: Command): void {
  common(program.command('status'))
    .description('show engine state, the pending decision (with every action and its gate classification), lanes and recent events')
    .option('--json', 'print the snapshot document (CONTRACT.md)')
    .action(async (o: EngineOpts) => {
      const t = target(o);
      const c = await daemonClient(t, 'engine-status');
      let snap;
      if (c) { snap = await c.call('snapshot'); c.close(); } else {
        const ctx = await context(o, () => undefined);
        const { engineSnapshot } = await import('../snapshot.js');
        snap = engineSnapshot(ctx, null);
        ctx.store.close();
      }
      const lint = (await import('../wiki/lint-status.js')).lintStatus(t.root);
      const e = snap.engine;
      // Stale-daemon guard (spec §12.8): the daemon's code hash against the installed code.
      let warning: string | null = null;
      e.code = null; // CONTRACT.md: `code: current|stale|null` (null without a running daemon)
      if (c) {
        const { codeHash, readDaemonInfo } = await import('../daemon/lifecycle.js');
        const info = readDaemonInfo(t.paths);
        e.code = info?.code_hash ? (info.code_hash === codeHash() ? 'current' : 'stale') : null;
        if (e.code === 'stale') warning = 'daemon is running stale code (installed engine bytes differ from the code this daemon loaded at start) — run: engine restart';
      }
      if (o.json) { json({ contract_version: 1, ...snap, lint }); return; }
      print(`engine ${e.state}${e.pid ? ` (pid ${e.pid})` : ''} · approval ${e.approval_mode} · brain ${e.brain} · brain calls this hour ${e.brain_calls_hour}${e.backoff_until ? ` · backoff until ${e.backoff_until}` : ''}`);
      if (warning) print(`warning: ${warning}`);
      const { existsSync, statSync } = await import('node:fs');
      if (c && e.pid) {
        let age = -1;
        try { age = Math.floor((Date.now() - statSync(t.paths.pidFile).mtimeMs) / 1000); } catch { /* no pid file */ }
        print(`watch: alive (pid ${e.pid}, heartbeat ${age}s ago)`);
      } else if (existsSync(t.paths.pidFile)) print(`watch: not running (stale pid file: ${t.paths.pidFile})`);
      if (e.code) print(`code: ${e.code}`);
      if (e.observe_error) print(`${e.observe_error.kind === 'tmux-server-gone' ? 'the tmux server is gone' : e.observe_error.kind === 'tmux-session-gone' ? 'the tmux session is gone' : 'observation is failing'} since ${e.observe_error.since}: ${e.observe_error.error} — no cycles until it is back`);
      if (e.last_cycle) print(`last cycle ${e.last_cycle.at} → ${e.last_cycle.outcome} (rc ${e.last_cycle.rc}) · world ${e.world_hash ?? '-'} since ${e.world_hash_at ?? '-'}`);
      else print(`world ${e.world_hash ?? '-'} since ${e.world_hash_at ?? '-'}`);
      const b = e.last_brain_call;
      if (b) print(`last brain call ${b.started_at} ${b.brain}${b.model ? ` (${b.model})` : ''}: ${b.failure_kind ? `failed (${b.failure_kind})` : 'ok'} · ${b.prompt_bytes} prompt bytes${b.input_tokens !== null ? ` · ${b.input_tokens}/${b.output_tokens ?? '?'} tokens` : ''}${b.cost_usd !== null ? ` · $${b.cost_usd.toFixed(4)}` : ''}${b.duration_ms !== null ? ` · ${b.duration_ms} ms` : ''}`);
      for (const u of e.unknown_actions ?? []) print(`interrupted by a crash, never retried: ${u.decision} #${u.idx} ${u.kind} ${u.lane ?? '-'} (status unknown since ${u.at}) — check the lane by hand`);
      const d = snap.decision;
      if (d && (d.status === 'pending' || d.status === 'needs-human')) { print(''); for (const l of decisionLines(d)) print(l); print(`approve: engine approve ${d.id} · reject: engine reject ${d.id} --reason TEXT`); }
      else print('no pending decision');
      print(lint.line);
      print(); print('lanes:');
      for (const l of snap.lanes) print(`  ${l.lane.padEnd(16)} ${l.status.padEnd(18)} ${(l.harness ?? '-').padEnd(10)} ${l.role ?? '-'}`);
      if (!snap.lanes.length) print('  (none observed)');
      if (snap.problems.length) { print(); print('skipped input:'); for (const p of snap.problems) print(`  ${p}`); }
      if (snap.events.length) { print(); print('last events:'); for (const ev of snap.events.slice(-5)) print(`  ${ev.ts} #${ev.seq} ${ev.type}${Object.keys(ev.data).length ? ' ' + JSON.stringify(ev.data) : ''}`); }
    });
}
