/**
 * `engine wait [--only-asks] [--json] [--timeout s]`: block until something changes, print what
 * changed, exit 0 — the notify contract of the looop seed (`wait --only-asks` blocks cheaply until
 * the loop needs a person; `answer` unblocks it). Subscribes over the daemon's socket (no polling).
 * `--only-asks` is level-triggered: outstanding asks return at once; otherwise it waits for a new
 * one. Exit 2 at once when no daemon runs (or when it stops while waiting); exit 1 on `--timeout`.
 */
import type { Command } from 'commander';
import { common, context, target, daemonClient, print, json, type EngineOpts } from './common.js';
import { LoopError, UsageError } from '../../substrate/errors.js';
import { listAsks, type AskView } from '../asks/answer.js';
import { describeChange, type Change } from './wait-changes.js';

export function register(program: Command): void {
  common(program.command('wait'))
    .description('block until something changes (lanes, decisions, mailbox, asks, pause); exit 2 at once without a daemon')
    .option('--only-asks', 'return when an ask is outstanding (at once if one already is)')
    .option('--timeout <s>', 'give up after this many seconds (exit 1)')
    .option('--json', '{contract_version, changed: [...], asks: [outstanding asks]}')
    .action(async (o: EngineOpts & { onlyAsks?: boolean; timeout?: string }) => {
      const timeoutS = o.timeout === undefined ? null : Number(o.timeout);
      if (timeoutS !== null && !(timeoutS > 0)) throw new UsageError(`--timeout must be a positive number of seconds (got '${o.timeout}')`);
      const t = target(o);
      const c = await daemonClient(t, 'engine-wait', true);
      if (!c) throw new LoopError('engine-off', 'no engine daemon is running for this project and session', { exitCode: 2, hint: 'start it with `engine start`' });
      const ctx = await context(o, () => undefined);
      const outstanding = (): AskView[] => listAsks(ctx, 'outstanding');
      const changed: Change[] = [];
      try {
        const outcome = await new Promise<'changed' | 'closed' | 'timeout'>((resolve) => {
          let settle: NodeJS.Timeout | null = null;
          const hit = (ch: Change | null): void => {
            if (!ch) return;
            if (o.onlyAsks && !(ch.kind === 'event' && ch.type === 'ask')) return;
            changed.push(ch);
            settle ??= setTimeout(() => resolve('changed'), 200);
          };
          for (const m of ['lane.changed', 'decision.queued', 'decision.resolved', 'mailbox.changed', 'engine.paused', 'engine.resumed', 'cycle.finished', 'event.appended'] as const) {
            c.onNotification(m, (p: unknown) => hit(describeChange(m, p)));
          }
          c.onClose(() => resolve('closed'));
          if (timeoutS !== null) setTimeout(() => resolve('timeout'), timeoutS * 1000).unref();
          // Subscribed before looking, so nothing slips between the look and the wait.
          if (o.onlyAsks && outstanding().length) { resolve('changed'); return; }
          process.stderr.write(`waiting for ${o.onlyAsks ? 'an ask' : 'a change'} (engine pid ${c.hello.pid})…\n`);
        });
        if (outcome === 'closed') throw new LoopError('engine-off', 'the engine daemon stopped while waiting', { exitCode: 2, hint: 'start it with `engine start`' });
        if (outcome === 'timeout') throw new LoopError('wait-timeout', `nothing changed within ${timeoutS}s`, { exitCode: 1 });
        const asks = outstanding();
        if (o.json) { json({ contract_version: 1, changed, asks }); return; }
        for (const ch of changed) print(ch.text);
        for (const a of asks) print(`ask ${a.id} lane=${a.lane} asked ${a.created_at}${a.question ? `: ${a.question.split('\n')[0]!.slice(0, 200)}` : ''}`);
        if (asks.length) print('answer with: engine answer <ask-id> TEXT');
      } finally { c.close(); ctx.store.close(); }
    });
}
