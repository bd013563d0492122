/**
 * `loop wiki-lint (--print | --dispatch [--lane L] | --fix)` (spec/wiki-tasks-pm-deck.md §7.2):
 * build the lint prompt (pages shuffled per run; `--seed` or LOOP_WIKI_LINT_SEED fixes the order),
 * print it or dispatch it to a lane through the sibling `loop` bin; `--fix` runs the mechanical pass.
 */
import type { Command } from 'commander';
import { join, resolve } from 'node:path';
import { LoopError, UsageError } from '../errors.js';

interface Opts { print?: boolean; dispatch?: boolean; fix?: boolean; lane?: string; session?: string; seed?: string; projectRoot?: string; socketName?: string; socketPath?: string; json?: boolean }

export function register(program: Command): void {
  program.command('wiki-lint')
    .description('lint the ops-wiki: --print the lint prompt, --dispatch it to a lane, or --fix the mechanical findings')
    .option('--print', 'print the prompt on stdout')
    .option('--dispatch', 'dispatch the prompt (to --lane, else to a new `lint` lane)')
    .option('--fix', 'mechanical pass: fix ORPHAN and MISSING-LINK, queue CONTRADICTION and SUSPECT-INSTRUCTION, note STALE, log it')
    .option('--lane <name>', 'with --dispatch: an existing lane to lint in')
    .option('--session <name>', 'session for --dispatch (env LOOP_SESSION, else the current tmux session)')
    .option('--seed <n>', 'shuffle seed (env LOOP_WIKI_LINT_SEED; default: random each run)')
    .option('--project-root <dir>', 'project root (default: the current directory)')
    .option('-L, --socket-name <name>', 'private tmux server, passed on to loop dispatch/add-lane')
    .option('-S, --socket-path <path>', 'tmux server socket path, passed on')
    .option('--json', 'with --fix: print {contract_version, pages, findings, problems}')
    .action(async (o: Opts) => {
      const modes = [o.print && '--print', o.dispatch && '--dispatch', o.fix && '--fix'].filter(Boolean);
      if (modes.length !== 1) throw new UsageError(modes.length ? `${modes.join(' conflicts with ')}` : 'wiki-lint: one of --print, --dispatch or --fix is required', { exitCode: 1 });
      if (o.lane && !o.dispatch) throw new UsageError('wiki-lint: --lane requires --dispatch', { exitCode: 1 });
      const root = resolve(o.projectRoot ?? process.cwd());
      if (o.fix) { await fix(root, o); return; }
      const { buildLintPrompt } = await import('../wiki/lint-prompt.js');
      const seedText = o.seed ?? process.env.LOOP_WIKI_LINT_SEED;
      const seed = seedText === undefined || seedText === '' ? Math.floor(Math.random() * 2 ** 32) : Number(seedText);
      if (!Number.isInteger(seed)) throw new UsageError(`wiki-lint: --seed must be an integer (got '${seedText}')`, { exitCode: 1 });
      const built = buildLintPrompt(root, seed);
      if (!built) throw new LoopError('no-wiki', `wiki-lint: missing ${join(root, 'ops-wiki')}`, { hint: 'run `loop init`' });
      if (!built.pages.length) throw new LoopError('no-pages', `wiki-lint: no pages found under ${join(root, 'ops-wiki')}`);
      const bytes = Buffer.byteLength(built.prompt);
      process.stderr.write(`prompt size: ${bytes} bytes (~${Math.floor(bytes / 4)} tokens, bytes/4)\n`);
      if (o.print) { process.stdout.write(built.prompt + '\n'); return; }
      const session = o.session ?? process.env.LOOP_SESSION ?? (await currentTmuxSession());
      if (!session) throw new UsageError('wiki-lint --dispatch: --session <name> required (or LOOP_SESSION, or run inside tmux)', { exitCode: 1 });
      const { run } = await import('../proc/run.js');
      const { bin } = await import('../pkg.js');
      const sock = [...(o.socketName ? ['-L', o.socketName] : []), ...(o.socketPath ? ['-S', o.socketPath] : [])];
      const loop = async (args: string[]): Promise<void> => {
        const r = await run([process.execPath, bin('loop'), ...args, ...sock, '--project-root', root], { reject: false, timeoutMs: 180_000 });
        process.stderr.write(r.stderr);
        if (r.exitCode !== 0) throw new LoopError('lint-dispatch-failed', `wiki-lint: loop ${args[0]} exited ${r.exitCode}`, { exitCode: r.exitCode || 1 });
      };
      const lane = o.lane ?? 'lint';
      if (!o.lane) await loop(['add-lane', '--session', session, '--window', 'lint', '--harness', 'claude', '--auto-approve', '--wait-ready']);
      await loop(['dispatch', '--session', session, '--mode', 'text', '--wait-ready', lane, built.prompt]);
      process.stdout.write(`lint prompt dispatched to ${session}:${lane} (${built.pages.length} pages)\n`);
      if (!o.lane) process.stdout.write(`note: the lint window is left running; drop it with \`loop drop-lane --session ${session} lint\` when done\n`);
    });
}

async function currentTmuxSession(): Promise<string | null> {
  if (!process.env.TMUX) return null;
  const { run } = await import('../proc/run.js');
  const r = await run(['tmux', 'display-message', '-p', '#S'], { reject: false, timeoutMs: 5000 });
  return r.exitCode === 0 && r.stdout.trim() ? r.stdout.trim() : null;
}

async function fix(root: string, o: Opts): Promise<void> {
  const { runMechanicalLint } = await import('../wiki/lint-fix.js');
  const { formatProblem } = await import('../files/problems.js');
  const { readTextIfExists } = await import('../files/atomic.js');
  const { existsSync } = await import('node:fs');
  if (!existsSync(join(root, 'ops-wiki'))) throw new LoopError('no-wiki', `wiki-lint: missing ${join(root, 'ops-wiki')}`, { hint: 'run `loop init`' });
  let loops: Record<string, { status?: unknown }> = {};
  try { const l = JSON.parse(readTextIfExists(join(root, '.loop', 'orchestrator-state.json')) ?? '{}') as { loops?: unknown }; if (l.loops && typeof l.loops === 'object') loops = l.loops as typeof loops; } catch { /* no ledger: no STALE check */ }
  const r = runMechanicalLint(root, new Date(), loops);
  if (r.pages === 0) throw new LoopError('no-pages', `wiki-lint: no pages found under ${join(root, 'ops-wiki')}`, { hint: 'run `loop init` or add pages' });
  if (r.problems.length) process.exitCode = 1;
  if (o.json) { process.stdout.write(JSON.stringify({ contract_version: 1, pages: r.pages, findings: r.findings, problems: r.problems.map(formatProblem) }, null, 2) + '\n'); return; }
  for (const f of r.findings) process.stdout.write(`${f.file}:${f.line}: ${f.category}: ${f.text}${f.fixed ? ' [fixed]' : f.queued ? ' [queued for review]' : ' [noted]'}\n`);
  for (const p of r.problems) process.stderr.write(`error: ${formatProblem(p)} (checkpoint.md left untouched; fix the marker by hand)\n`);
  process.stdout.write(`lint: ${r.pages} pages, ${r.findings.length} findings\n`);
}
