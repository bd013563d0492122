/**
 * `engine metrics [--session S] [--project-root P]... [--all] [--log] [--json]
 *  [--experiment-start ID --note TEXT] [--experiment ID]` (spec/wiki-tasks-pm-deck.md §6).
 * `loop metrics` relays here with the same argv.
 */
import type { Command } from 'commander';
import { resolve } from 'node:path';
import { UsageError } from '../../substrate/errors.js';

interface Opts { session?: string; projectRoot: string[]; all?: boolean; log?: boolean; json?: boolean; experimentStart?: string; note?: string; experiment?: string }

async function tmuxSession(): Promise<string | null> {
  if (!process.env.TMUX) return null;
  const { run } = await import('../../substrate/proc/run.js');
  const r = await run(['tmux', 'display-message', '-p', '#S'], { reject: false, timeoutMs: 5000 }).catch(() => null);
  return r && r.exitCode === 0 ? r.stdout.trim() || null : null;
}

export function register(program: Command): void {
  program.command('metrics')
    .description('loop health metrics for a session (or --all sessions), optionally logged to ops-wiki/log.md; experiments and their keep/discard verdict')
    .option('--session <name>', 'session (default: the sole session, else the current tmux session)')
    .option('--project-root <dir>', 'project root (repeatable with --all; default: the current directory)', (v: string, acc: string[]) => [...acc, v], [])
    .option('-L, --socket-name <name>', 'private tmux server (accepted for uniformity; metrics read files only)')
    .option('-S, --socket-path <path>', 'tmux server socket path (accepted for uniformity)')
    .option('--all', 'fleet view: every session under every --project-root')
    .option('--log', 'append one `metrics` line to ops-wiki/log.md')
    .option('--json', 'print the metrics as JSON')
    .option('--experiment-start <id>', 'record an experiment (a change to the orchestration rules) with today\'s metrics as its baseline')
    .option('--note <text>', 'with --experiment-start: the change being tried')
    .option('--experiment <id>', 'report the keep/discard verdict of an experiment (after 3 cycles)')
    .action(async (o: Opts) => {
      if (o.all && o.log) throw new UsageError('--all and --log cannot be combined (log one session at a time)');
      if (o.all && o.session) throw new UsageError('--all and --session cannot be combined (--all covers every session)');
      if (o.experimentStart && !o.note) throw new UsageError('--experiment-start needs --note "<the change>"');
      const roots = (o.projectRoot.length ? o.projectRoot : [process.cwd()]).map((r) => resolve(r));
      const root = roots[0] ?? process.cwd();
      const now = new Date();
      const r = await import('../metrics/report.js');
      let out;
      if (o.all) out = r.fleetReport(roots, now);
      else if (o.experimentStart || o.experiment) {
        const { selectSession } = await import('../metrics/gather.js');
        const s = selectSession(root, o.session, await tmuxSession()).session;
        out = o.experimentStart ? r.startExperiment(root, s, o.experimentStart, o.note ?? '', now) : r.experimentReport(root, s, o.experiment ?? '', now);
      } else out = r.singleReport(root, { session: o.session, log: o.log, tmuxSession: await tmuxSession(), now });
      if (o.json) process.stdout.write(JSON.stringify(out.json, null, 2) + '\n');
      else process.stdout.write(out.stdout.join('\n') + '\n');
      for (const l of out.stderr) process.stderr.write(l + '\n');
      if (out.code) process.exitCode = out.code;
    });
}
