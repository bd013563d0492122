/** `engine stop`: ask the daemon to shut down and wait until its process is gone. */
import type { Command } from 'commander';
import { common, target, print, daemonClient, type EngineOpts, type Target } from './common.js';
import { LoopError, UsageError } from '../../substrate/errors.js';

/**
 * Stop the running daemon: `shutdown` over the socket (SIGTERM when it does not answer), then wait
 * up to `timeoutS` for the process to be gone. Returns the stopped pid, or null when none ran.
 * @throws LoopError engine-stop-timeout (exit 1) when it is still alive — nothing else is started.
 */
export async function stopDaemon(t: Target, timeoutS: number): Promise<number | null> {
  const { runningDaemon, pidAlive } = await import('../daemon/lifecycle.js');
  const info = runningDaemon(t.paths);
  if (!info) return null;
  const c = await daemonClient(t, 'engine-stop').catch(() => null);
  if (c) { await c.call('shutdown').catch(() => undefined); c.close(); } else { try { process.kill(info.pid, 'SIGTERM'); } catch { /* gone */ } }
  const deadline = Date.now() + timeoutS * 1000;
  let termed = !c;
  while (pidAlive(info.pid) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    if (!termed && Date.now() > deadline - timeoutS * 500) { termed = true; try { process.kill(info.pid, 'SIGTERM'); } catch { /* gone */ } }
  }
  if (pidAlive(info.pid)) throw new LoopError('engine-stop-timeout', `daemon (pid ${info.pid}) did not exit within ${timeoutS}s`, { exitCode: 1, hint: `kill it (kill ${info.pid}) and retry` });
  return info.pid;
}

export function register(program: Command): void {
  common(program.command('stop'))
    .description('stop the engine daemon (shutdown over the socket, then SIGTERM if needed)')
    .option('--timeout <s>', 'how long to wait for it to exit', '15')
    .action(async (o: EngineOpts & { timeout: string }) => {
      if (!(Number(o.timeout) > 0)) throw new UsageError(`--timeout must be a positive number of seconds (got '${o.timeout}')`);
      const pid = await stopDaemon(target(o), Number(o.timeout));
      print(pid === null ? 'engine is not running' : `engine stopped (pid ${pid})`);
    });
}
