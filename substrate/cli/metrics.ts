/**
 * `loop metrics …`: a thin relay to `engine metrics …` (spec/wiki-tasks-pm-deck.md §6). Metrics read
 * the engine's store, which only the engine may open, so the substrate runs the sibling `engine`
 * bin with the same arguments and passes its output and exit code through.
 */
import type { Command } from 'commander';

export function register(program: Command): void {
  program.command('metrics')
    .description('loop health metrics (runs `engine metrics` with the same arguments; see `engine metrics --help`)')
    .allowUnknownOption(true)
    .helpOption(false)
    .argument('[args...]', 'arguments for engine metrics')
    .action(async (args: string[]) => {
      const { run } = await import('../proc/run.js');
      const { bin } = await import('../pkg.js');
      const r = await run([process.execPath, bin('engine'), 'metrics', ...args], { reject: false, timeoutMs: 120_000 });
      process.stdout.write(r.stdout);
      process.stderr.write(r.stderr);
      process.exitCode = r.exitCode ?? 1;
    });
}
