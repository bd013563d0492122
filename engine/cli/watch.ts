/** `engine watch`: run the daemon in the foreground (spec/engine.md §12). */
import type { Command } from 'commander';
import { common, target, type EngineOpts } from './common.js';

export function register(program: Command): void {
  common(program.command('watch'))
    .description('run the engine daemon in the foreground (one per project and session); stops on SIGTERM/SIGINT')
    .action(async (o: EngineOpts) => {
      const t = target(o);
      const { loadEngineConfig } = await import('../config.js');
      const { assertBootable } = await import('../daemon/boot.js');
      assertBootable(loadEngineConfig(t.root).config);
      const { runDaemon } = await import('../watch/daemon.js');
      process.exitCode = await runDaemon({ root: t.root, session: t.session, socketName: o.socketName, socketPath: o.socketPath });
    });
}
