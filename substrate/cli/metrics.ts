/**
 * `loop metrics [options]`: a thin relay to `engine metrics [options]` (spec/wiki-tasks-pm-deck.md
 * §6). Metrics read the engine's store, which only the engine may open, so the substrate runs the
 * sibling `engine` bin and passes its stdout, stderr and exit code through. The options are
 * declared here (so `loop metrics --help` describes `loop metrics`, and an unknown flag is a usage
 * error, exit 2) and relayed as given; keep them in step with engine/cli/metrics.ts.
 */
import type { Command } from 'commander';

interface Opts { session?: string; projectRoot: string[]; socketName?: string; socketPath?: string; all?: boolean; log?: boolean; json?: boolean; experimentStart?: string; note?: string; experiment?: string }

/** The `engine metrics` argv for parsed `loop metrics` options (same flags, same values). Pure. */
export function relayArgs(o: Opts): string[] {
  const a: string[] = [];
  const val = (flag: string, v: string | undefined): void => { if (v !== undefined) a.push(flag, v); };
  val('--session', o.session);
  for (const r of o.projectRoot) a.push('--project-root', r);
  val('-L', o.socketName);
  val('-S', o.socketPath);
  if (o.all) a.push('--all');
  if (o.log) a.push('--log');
  if (o.json) a.push('--json');
  val('--experiment-start', o.experimentStart);
  val('--note', o.note);
  val('--experiment', o.experiment);
  return a;
}

export function register(program: Command): void {
  // createOption, not `new Option`: the verb files are bundled apart from main.cjs's commander (scripts/bundle-cli.mjs).
  const projectRoot = program.createOption('--project-root <dir>', 'project root (repeatable with --all)').argParser((v: string, acc: string[]) => [...acc, v]).default([], 'the current directory');
  program.command('metrics')
    .description('loop health metrics for a session (or --all sessions), optionally logged; experiments and their verdict. Relays to `engine metrics` (only the engine opens its store): same options, output and exit code')
    .option('--session <name>', 'session (default: the sole session, else the current tmux session)')
    .addOption(projectRoot)
    .option('-L, --socket-name <name>', 'private tmux server (accepted for uniformity; metrics read files only)')
    .option('-S, --socket-path <path>', 'tmux server socket path (accepted for uniformity)')
    .option('--all', 'fleet view: every session under every --project-root')
    .option('--log', 'append one `metrics` line to ops-wiki/log.md')
    .option('--json', 'print the metrics as JSON')
    .option('--experiment-start <id>', "record an experiment (a change to the orchestration rules) with today's metrics as its baseline")
    .option('--note <text>', 'with --experiment-start: the change being tried')
    .option('--experiment <id>', 'report the keep/discard verdict of an experiment (after 3 cycles)')
    .addHelpText('after', '\nRelays to `engine metrics` with these options; its stdout, stderr and exit code are passed through.')
    .action(async (o: Opts) => {
      const { run } = await import('../proc/run.js');
      const { bin } = await import('../pkg.js');
      const r = await run([process.execPath, bin('engine'), 'metrics', ...relayArgs(o)], { reject: false, timeoutMs: 120_000 });
      process.stdout.write(r.stdout);
      process.stderr.write(r.stderr);
      process.exitCode = r.exitCode ?? 1;
    });
}
