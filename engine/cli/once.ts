/** `engine once [--dry-run] [--approval M]`: one cycle in this process (exit codes: CONTRACT.md). */
import type { Command } from 'commander';
import { common, target, context, type EngineOpts } from './common.js';
import { LoopError, UsageError } from '../../substrate/errors.js';

export function register(program: Command): void {
  common(program.command('once'))
    .description('run one cycle now: observe, ingest, checkpoint, brain, gate, queue or execute')
    .option('--dry-run', 'assemble the prompt and report its size; no ingest, no brain call, no side effects')
    .option('--approval <mode>', 'manual | auto | full (overrides engine.approval_mode for this cycle)')
    .action(async (o: EngineOpts & { dryRun?: boolean; approval?: string }) => {
      if (o.approval && !['manual', 'auto', 'full'].includes(o.approval)) throw new UsageError(`--approval must be manual, auto or full (got '${o.approval}')`);
      const t = target(o);
      const { loadEngineConfig } = await import('../config.js');
      const { assertBootable } = await import('../daemon/boot.js');
      assertBootable(loadEngineConfig(t.root).config);
      const { runningDaemon } = await import('../daemon/lifecycle.js');
      const d = runningDaemon(t.paths);
      if (d && !o.dryRun) throw new LoopError('engine-running', `the engine daemon (pid ${d.pid}) owns cycles for this session`, { exitCode: 1, hint: 'ask it for one with `engine cycle-now`, or stop it first' });
      const ctx = await context(o, undefined, { dryRun: o.dryRun });
      for (const p of ctx.configProblems) process.stderr.write(`warning: ${p.file}${p.line ? `:${p.line}` : ''}: ${p.key ? `${p.key}: ` : ''}${p.message}\n`);
      const { runCycle } = await import('../cycle/run-cycle.js');
      try {
        const r = await runCycle(ctx, { approval: o.approval as 'manual' | 'auto' | 'full' | undefined, dryRun: o.dryRun, force: true, reasons: ['once'] });
        if (r.decision && r.outcome !== 'pending-exists') {
          const { decisionLines } = await import('./format.js');
          for (const l of decisionLines(r.decision)) process.stdout.write(l + '\n');
        }
        process.exitCode = r.rc;
      } finally { ctx.store.close(); }
    });
}
