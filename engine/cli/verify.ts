/**
 * `engine verify --worktree W --base B --tip T [--out F] [--harness H] [--gate CMD]…` — the headless
 * reviewer (spec/engine.md §15, the reference's `loop-verify`): gate, diff, three lenses, aggregate.
 * Exit 0 iff overall `pass`, else 1; 2 on usage errors. Result JSON to --out (atomic) or stdout.
 */
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../../substrate/errors.js';
import { json, print } from './common.js';

interface Opts { worktree: string; base: string; tip: string; out?: string; harness?: string; gate: string[]; projectRoot?: string; json?: boolean }

export function register(program: Command): void {
  program.command('verify')
    .description('review a worktree branch headlessly: gate, git diff BASE..TIP, three review lenses (exit 0 iff pass)')
    .requiredOption('--worktree <dir>', 'the checkout to review (gate runs here)')
    .requiredOption('--base <ref>', 'base ref (main)')
    .requiredOption('--tip <ref>', 'tip sha or branch')
    .option('--out <file>', 'write the result JSON here (atomically) instead of stdout')
    .option('--harness <name>', 'lens harness (default: engine.brain.harness; env LOOP_VERIFY_CMD overrides)')
    .option('--gate <cmd>', 'gate command, repeatable (default: env LOOP_VERIFY_GATE, else detected)', (v: string, acc: string[]) => [...acc, v], [])
    .option('--project-root <dir>', 'project whose lane-config names the brain harness (default: cwd)')
    .option('--json', 'print the result JSON (the default without --out)')
    .action(async (o: Opts) => {
      const wt = resolve(o.worktree);
      if (!existsSync(wt)) throw new UsageError(`--worktree ${wt} does not exist`);
      const { loadEngineConfig } = await import('../config.js');
      const cfg = loadEngineConfig(resolve(o.projectRoot ?? process.cwd())).config;
      const harness = o.harness ?? cfg.brain.harness;
      const { runVerify } = await import('../drive/verify-run.js');
      const r = await runVerify({
        worktree: wt, base: o.base, tip: o.tip, out: o.out ? resolve(o.out) : undefined, gate: o.gate,
        lens: { harness, override: process.env.LOOP_VERIFY_CMD || undefined, extraArgs: harness === cfg.brain.harness ? cfg.brain.extra_args : [] },
      });
      if (!o.out || o.json) json(r);
      else print(`verify ${r.overall}: ${r.findings.length} finding(s) → ${o.out}`);
      process.exitCode = r.overall === 'pass' ? 0 : 1;
    });
}
