/**
 * `loop dispatch [--window TARGET] LANE PAYLOAD…`: deliver a payload once (spec/substrate.md §5). Exit 0 only when
 * delivered; 1 not delivered (unknown lane, missing session, tmux failure, unsafe payload) or usage of the
 * reference's kind (unknown mode, missing payload); commander usage errors 2. Never retried.
 */
import type { Command } from 'commander';
import { common, ctxFrom, secondsFlag, type CommonOpts } from './common.js';
import { LoopError, UsageError } from '../errors.js';
import type { Tmux } from '../tmux/server.js';

interface Opts extends CommonOpts {
  session?: string; window?: string; mode: string; enter: boolean; waitReady?: boolean; readyTimeout?: string;
  interrupt?: boolean; clear: boolean; verify?: boolean; json?: boolean;
}

/** The session: --session, $LOOP_SESSION, else the current session when run inside tmux ($TMUX). */
async function sessionOf(o: Opts, tmux: Tmux): Promise<string | undefined> {
  const s = o.session ?? process.env.LOOP_SESSION;
  if (s || !process.env.TMUX) return s;
  return (await tmux.out(['display-message', '-p', '#{session_name}']).catch(() => '')).trim() || undefined;
}

export function register(program: Command): void {
  common(program.command('dispatch'))
    .description('paste PAYLOAD into LANE (or --window TARGET) and press Enter, at most once (exit non-zero when not delivered)')
    .argument('<words...>', 'LANE PAYLOAD… (with --window: PAYLOAD… only); payload words are joined with single spaces')
    .option('--session <name>', 'session (env LOOP_SESSION; inside tmux the current one)')
    .option('--window <target>', 'deliver to this tmux target verbatim (session:window.pane or %N) instead of a lane')
    .option('--mode <mode>', 'text (bracketed paste) | command (run in the lane shell via a temp file)', 'text')
    .option('--no-enter', 'deliver without pressing Enter')
    .option('--wait-ready', 'wait until the lane reads idle first (then dispatch anyway; ignored with --window)')
    .option('--ready-timeout <s>', 'readiness budget in seconds (env LOOP_DISPATCH_READY_TIMEOUT, default 20)')
    .option('--interrupt', 'send Escape first (steer a busy lane); never combined with the auto /clear')
    .option('--no-clear', 'no auto /clear into an idle dynamic claude lane (env LOOP_DISPATCH_NO_CLEAR=1)')
    .option('--verify', 'after submitting, print the last 5 non-blank lines of the pane (never changes the exit)')
    .option('--json', 'print the delivery record as JSON')
    .action(async (words: string[], o: Opts) => {
      const ctx = ctxFrom(o);
      // Checked before any keystroke (spec §16.11 fixed: the reference checked the mode after /clear or Escape).
      if (o.mode !== 'text' && o.mode !== 'command') throw new LoopError('usage', `Unknown mode: ${o.mode} (text | command)`, { exitCode: 1 });
      if (o.window === undefined && words.length < 2) throw new UsageError('dispatch: expected LANE PAYLOAD… (or --window TARGET PAYLOAD…)');
      const lane = o.window === undefined ? words[0] : undefined;
      const payload = (o.window === undefined ? words.slice(1) : words).join(' ');
      // Empty or whitespace-only (spaces, tabs, newlines): refused before any keystroke, exit 1.
      if (!payload.trim()) throw new LoopError('usage', `dispatch: empty payload${payload ? ' (only whitespace)' : ''}`, { exitCode: 1, hint: 'loop dispatch --session S LANE PAYLOAD…' });
      const session = o.window === undefined ? await sessionOf(o, ctx.tmux) : o.session;
      if (o.window === undefined && !session) throw new LoopError('usage', 'dispatch: --session <name> is required when not inside tmux (or set LOOP_SESSION, or pass --window TARGET)', { exitCode: 1 });
      const { dispatchToLane, dispatchToTarget, dispatchEnv } = await import('../dispatch.js');
      const { observeOptionsFromEnv } = await import('../observe.js');
      const env = dispatchEnv();
      const opts = {
        mode: o.mode as 'text' | 'command', enter: o.enter, interrupt: o.interrupt, autoClear: o.clear && !env.noClear,
        clearTimeoutMs: env.clearTimeoutMs, pasteDelayMs: env.pasteDelayMs, observe: observeOptionsFromEnv(),
        waitReady: o.window === undefined ? o.waitReady : false,
        readyTimeoutMs: secondsFlag(o.readyTimeout, '--ready-timeout', env.readyTimeoutMs),
      };
      if (o.window !== undefined && o.waitReady) ctx.err(`warning: --wait-ready is ignored with --window ${o.window} (no lane to classify)`);
      const r = o.window !== undefined
        ? await dispatchToTarget(ctx.tmux, o.window, payload, opts)
        : await dispatchToLane(ctx.tmux, session!, lane!, payload, opts);
      for (const w of r.warnings) ctx.err(`warning: ${w}`);
      let tail: string[] | null = null;
      if (o.verify) {
        const { paneTailAfter } = await import('../dispatch-aux.js');
        const before = await ctx.tmux.out(['capture-pane', '-p', '-t', r.target]).catch(() => '');
        tail = await paneTailAfter(ctx.tmux, r.target, before).catch(() => []);
      }
      if (o.json) {
        ctx.json({ contract_version: 1, session: session ?? null, lane: o.window === undefined ? r.lane : null, target: r.target, mode: r.mode, delivered: true, confirmed: r.confirmed, cleared: r.cleared, elapsed_ms: r.elapsedMs, ...(tail ? { tail } : {}) });
        return;
      }
      ctx.out(`Dispatched to ${r.target}`);
      if (tail) { ctx.out('--- pane tail after dispatch ---'); for (const l of tail) ctx.out(l); }
    });
}
