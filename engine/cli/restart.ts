/**
 * `engine restart [--timeout s]` (spec/engine.md §12.7): boot check (exit 2), stop the running
 * daemon and wait until its process is gone — if it is still alive after the timeout, refuse
 * (exit 1) and start NOTHING — then start a fresh daemon (detached, like `engine start`; the
 * reference ran it in the foreground) that loads the installed code. Never two daemons: the
 * singleton lock (daemon/lock.ts) would refuse a second one anyway.
 */
import type { Command } from 'commander';
import { common, target, print, type EngineOpts } from './common.js';
import { LoopError, UsageError } from '../../substrate/errors.js';
import { stopDaemon } from './stop.js';
import { startDetached } from './start.js';

export function register(program: Command): void {
  common(program.command('restart'))
    .description('stop the daemon (waiting until it is gone) and start a fresh one running the installed code')
    .option('--timeout <s>', 'how long to wait for the old daemon to exit', '60')
    .action(async (o: EngineOpts & { timeout: string }) => {
      const timeoutS = Number(o.timeout);
      if (!(timeoutS > 0)) throw new UsageError(`--timeout must be a positive number of seconds (got '${o.timeout}')`);
      const t = target(o);
      const { loadEngineConfig } = await import('../config.js');
      const { assertBootable } = await import('../daemon/boot.js');
      assertBootable(loadEngineConfig(t.root).config);
      let old: number | null;
      try { old = await stopDaemon(t, timeoutS); } catch (e) {
        if ((e as { code?: string }).code === 'engine-stop-timeout') throw new LoopError('engine-stop-timeout', `${(e as Error).message}; NOT starting a second instance`, { exitCode: 1, hint: 'kill it and retry' });
        throw e;
      }
      const pid = await startDetached(t, o, 20);
      print(old === null ? `engine started (pid ${pid}); none was running` : `engine restarted: pid ${old} → ${pid}`);
    });
}
