/**
 * `loop checkpoint --print | --dispatch [LANE]`: the coordinator boot prompt (spec/wiki-tasks-pm-deck.md
 * §4): header + ledger-projected checkpoint.md + index.md + pending mail summary. The size report goes
 * to stderr; over the ceiling nothing is printed or dispatched (exit 3). Missing inputs exit 1.
 */
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { common, ctxFrom, requireSession, type CommonOpts } from './common.js';
import { LoopError, UsageError } from '../errors.js';

interface Opts extends CommonOpts { print?: boolean; dispatch?: string | boolean; headerFile?: string; tokenCeiling?: string; session?: string; json?: boolean }

export function register(program: Command): void {
  common(program.command('checkpoint'))
    .description('assemble the coordinator checkpoint prompt; print it, or dispatch it to the coord lane (or LANE)')
    .option('--print', 'write the prompt to stdout')
    .option('--dispatch [lane]', 'send the prompt to LANE (default coord) as text, waiting until it is ready')
    .option('--header-file <file>', 'use this header instead of the built-in one (re-read on every call)')
    .option('--token-ceiling <n>', 'refuse above N tokens (env LOOP_CHECKPOINT_TOKEN_CEILING, default 48000)')
    .option('--session <name>', 'session for --dispatch (env LOOP_SESSION)')
    .option('--json', 'with --print: print {contract_version, bytes, tokens, verdict, prompt} instead of the bare prompt')
    .action(async (o: Opts) => {
      if (o.print && o.dispatch !== undefined) throw new UsageError('--print conflicts with --dispatch', { exitCode: 1 });
      if (!o.print && o.dispatch === undefined) throw new UsageError('one of --print or --dispatch [LANE] is required', { exitCode: 1 });
      const ctx = ctxFrom(o);
      const ceilingRaw = o.tokenCeiling ?? process.env.LOOP_CHECKPOINT_TOKEN_CEILING;
      const ceiling = ceilingRaw === undefined ? 48_000 : Number(ceilingRaw);
      if (!Number.isInteger(ceiling) || ceiling <= 0) throw new UsageError(`--token-ceiling expects a positive integer (got '${ceilingRaw}')`, { exitCode: 1 });
      for (const f of [join(ctx.root, 'ops-wiki', 'checkpoint.md'), join(ctx.root, 'ops-wiki', 'index.md')]) {
        if (!existsSync(f)) throw new LoopError('missing-input', `missing ${f}`, { exitCode: 1, hint: 'run `loop init` to scaffold ops-wiki/' });
      }
      const header = o.headerFile ? resolve(o.headerFile) : null;
      if (header && !existsSync(header)) throw new LoopError('missing-input', `missing ${header} (--header-file)`, { exitCode: 1 });
      const { assembleCheckpoint, readCheckpointInputs, sizeReport, sizeVerdict } = await import('../checkpoint/assemble.js');
      const a = assembleCheckpoint(readCheckpointInputs(ctx.root, header));
      for (const l of sizeReport(a, ceiling)) ctx.err(l);
      if (sizeVerdict(a.tokens, ceiling) === 'refuse') { process.exitCode = 3; return; }
      if (o.print) {
        if (o.json) ctx.json({ contract_version: 1, bytes: a.bytes, tokens: a.tokens, verdict: sizeVerdict(a.tokens, ceiling), prompt: a.text });
        else process.stdout.write(a.text);
        return;
      }
      const lane = typeof o.dispatch === 'string' ? o.dispatch : 'coord';
      const session = requireSession(o.session, 'checkpoint --dispatch');
      const { dispatchToLane, dispatchEnv } = await import('../dispatch.js');
      const { observeOptionsFromEnv } = await import('../observe.js');
      const env = dispatchEnv();
      const r = await dispatchToLane(ctx.tmux, session, lane, a.text.replace(/\n$/, ''), { mode: 'text', waitReady: true, readyTimeoutMs: env.readyTimeoutMs, pasteDelayMs: env.pasteDelayMs, observe: observeOptionsFromEnv() });
      for (const w of r.warnings) ctx.err(`warning: ${w}`);
      ctx.out(`Dispatched checkpoint (${a.bytes} bytes) to ${r.target}`);
    });
}
