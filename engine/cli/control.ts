/** `engine pause | resume | cycle-now`: daemon control (pause keeps observation running). */
import type { Command } from 'commander';
import { common, target, print, daemonClient, context, type EngineOpts } from './common.js';
import { LoopError } from '../../substrate/errors.js';

export function register(program: Command): void {
  for (const verb of ['pause', 'resume'] as const) {
    common(program.command(verb))
      .description(verb === 'pause' ? 'pause decisions (no brain calls, no execution); observation continues' : 'resume decisions')
      .action(async (o: EngineOpts) => {
        const t = target(o);
        const c = await daemonClient(t, `engine-${verb}`);
        let was = true;
        if (c) {
          const r = await c.call(verb === 'pause' ? 'engine.pause' : 'engine.resume', { by: process.env.USER || 'human' }) as { was_paused?: boolean };
          if (r.was_paused === false) was = false;
          c.close();
        } else {
          const ctx = await context(o, () => undefined);
          was = ctx.store.getKv('paused') === '1';
          ctx.store.setKv('paused', verb === 'pause' ? '1' : '0');
          if (verb === 'pause' || was) ctx.emit(verb === 'pause' ? 'paused' : 'resumed', { by: ctx.actor });
          ctx.store.close();
        }
        // spec/engine.md §15 (resume): not paused ⇒ `engine was not paused` and no event.
        print(verb === 'pause' ? 'paused' : was ? 'resumed' : 'engine was not paused');
      });
  }
  common(program.command('cycle-now'))
    .description('ask the running daemon for a cycle now (even if the world looks unchanged)')
    .action(async (o: EngineOpts) => {
      const c = await daemonClient(target(o), 'engine-cycle-now');
      if (!c) throw new LoopError('engine-off', 'no engine daemon is running for this project and session', { exitCode: 1, hint: 'run one cycle in-process with `engine once`, or start the daemon with `engine start`' });
      await c.call('cycle.now');
      c.close();
      print('cycle requested');
    });
}
