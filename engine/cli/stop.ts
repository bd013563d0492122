/** `engine stop`: ask the daemon to shut down and wait until its process is gone. */
import type { Command } from 'commander';
import { common, target, print, daemonClient, type EngineOpts } from './common.js';
import { LoopError } from '../../substrate/errors.js';

export function register(program: Command): void {
  common(program.command('stop'))
    .description('stop the engine daemon (shutdown over the socket, then SIGTERM if needed)')
    .option('--timeout <s>', 'how long to wait for it to exit', '15')
    .action(async (o: EngineOpts & { timeout: string }) => {
      const t = target(o);
      const { runningDaemon, pidAlive } = await import('../daemon/lifecycle.js');
      const info = runningDaemon(t.paths);
      if (!info) { print('engine is not running'); return; }
      const c = await daemonClient(t, 'engine-stop').catch(() => null);
      if (c) { await c.call('shutdown').catch(() => undefined); c.close(); } else process.kill(info.pid, 'SIGTERM');
      const deadline = Date.now() + Number(o.timeout) * 1000;
      while (pidAlive(info.pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      if (pidAlive(info.pid)) {
        try { process.kill(info.pid, 'SIGTERM'); } catch { /* gone */ }
        await new Promise((r) => setTimeout(r, 1000));
        if (pidAlive(info.pid)) throw new LoopError('engine-stop-timeout', `engine (pid ${info.pid}) did not exit within ${o.timeout}s`, { exitCode: 1, hint: `kill ${info.pid}` });
      }
      print(`engine stopped (pid ${info.pid})`);
    });
}
