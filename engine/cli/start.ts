/** `engine start`: start the daemon detached; return once it answers on its socket. */
import type { Command } from 'commander';
import { mkdirSync } from 'node:fs';
import { common, target, print, type EngineOpts, type Target } from './common.js';
import { LoopError, UsageError } from '../../substrate/errors.js';

/** Boot-check, spawn `engine watch` detached and wait until it answers `hello`. Returns its pid. */
export async function startDetached(t: Target, o: EngineOpts, timeoutS: number): Promise<number> {
  const { loadEngineConfig } = await import('../config.js');
  const { assertBootable } = await import('../daemon/boot.js');
  assertBootable(loadEngineConfig(t.root).config);
  const { runningDaemon } = await import('../daemon/lifecycle.js');
  const running = runningDaemon(t.paths);
  if (running) throw new LoopError('engine-running', `engine already running for this project and session (pid ${running.pid}, socket ${running.socket || t.paths.socket})`, { exitCode: 1, hint: 'engine status · engine stop · engine restart' });
  const { spawnDetached } = await import('../../substrate/proc/run.js');
  const { bin } = await import('../../substrate/pkg.js');
  const { connectEngine } = await import('../protocol/client.js');
  mkdirSync(t.paths.engineDir, { recursive: true });
  const argv = ['node', bin('engine'), 'watch', '--project-root', t.root, '--session', t.session];
  if (o.socketName) argv.push('-L', o.socketName);
  if (o.socketPath) argv.push('-S', o.socketPath);
  const pid = spawnDetached(argv, { cwd: t.root, logFile: t.paths.log });
  const deadline = Date.now() + timeoutS * 1000;
  while (Date.now() < deadline) {
    try {
      const c = await connectEngine(t.paths.socket, { client: 'engine-start', timeoutMs: 500, requestTimeoutMs: Math.max(200, deadline - Date.now()) });
      c.close();
      if (c.hello.pid === pid) return pid;
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 100));
    try { process.kill(pid, 0); } catch { break; }
  }
  throw new LoopError('engine-start-failed', `the engine did not come up (pid ${pid})`, { exitCode: 1, hint: `read ${t.paths.log}` });
}

export function register(program: Command): void {
  common(program.command('start'))
    .description('start the engine daemon in the background and wait until it answers (log: .loop/sessions/<s>/engine/daemon.log)')
    .option('--timeout <s>', 'how long to wait for the daemon to answer', '20')
    .action(async (o: EngineOpts & { timeout: string }) => {
      if (!(Number(o.timeout) > 0)) throw new UsageError(`--timeout must be a positive number of seconds (got '${o.timeout}')`);
      const t = target(o);
      const pid = await startDetached(t, o, Number(o.timeout));
      print(`engine started (pid ${pid}) for ${t.root} session ${t.session}; socket ${t.paths.socket}; log ${t.paths.log}`);
    });
}
