/** `loop dispatch LANE PAYLOAD`: deliver a payload once (spec/substrate.md §5). */
import type { Command } from 'commander';
import { common, ctxFrom, requireSession, secondsFlag, type CommonOpts } from './common.js';
import { LoopError, UsageError } from '../errors.js';

interface Opts extends CommonOpts { session?: string; mode: string; enter: boolean; waitReady?: boolean; readyTimeout?: string; interrupt?: boolean; json?: boolean }

export function register(program: Command): void {
  common(program.command('dispatch'))
    .description('paste PAYLOAD into LANE and press Enter, at most once (exit non-zero when not delivered)')
    .argument('<lane>', 'lane name (coord, web, infra, validate-left, …, or a dynamic lane)')
    .argument('<payload...>', 'the text; several words are joined with single spaces')
    .option('--session <name>', 'session (env LOOP_SESSION)')
    .option('--mode <mode>', 'text (bracketed paste) | command (run in the lane shell via a temp file)', 'text')
    .option('--no-enter', 'deliver without pressing Enter')
    .option('--wait-ready', 'wait until the lane reads idle first (then dispatch anyway)')
    .option('--ready-timeout <s>', 'readiness budget in seconds (env LOOP_DISPATCH_READY_TIMEOUT, default 20)')
    .option('--interrupt', 'send Escape first (steer a busy lane)')
    .option('--json', 'print the delivery record as JSON')
    .action(async (lane: string, words: string[], o: Opts) => {
      const ctx = ctxFrom(o);
      if (o.mode !== 'text' && o.mode !== 'command') throw new UsageError(`Unknown mode: ${o.mode} (text | command)`, { exitCode: 1 });
      const session = requireSession(o.session, 'dispatch');
      const payload = words.join(' ');
      if (!payload) throw new LoopError('usage', 'dispatch: empty payload', { exitCode: 1 });
      const { dispatchToLane, dispatchEnv } = await import('../dispatch.js');
      const { observeOptionsFromEnv } = await import('../observe.js');
      const env = dispatchEnv();
      const r = await dispatchToLane(ctx.tmux, session, lane, payload, {
        mode: o.mode, enter: o.enter, waitReady: o.waitReady, interrupt: o.interrupt,
        readyTimeoutMs: secondsFlag(o.readyTimeout, '--ready-timeout', env.readyTimeoutMs), pasteDelayMs: env.pasteDelayMs, observe: observeOptionsFromEnv(),
      });
      for (const w of r.warnings) ctx.err(`warning: ${w}`);
      if (o.json) ctx.json({ contract_version: 1, session, lane: r.lane, target: r.target, mode: r.mode, delivered: true, confirmed: r.confirmed, elapsed_ms: r.elapsedMs });
      else ctx.out(`Dispatched to ${r.target}`);
    });
}
