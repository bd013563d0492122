/** `loop digest`: ledger, mailbox, unpushed commits and ADRs (spec/substrate.md §7). */
import type { Command } from 'commander';
import { resolve } from 'node:path';
import { common, ctxFrom, secondsFlag, type CommonOpts } from './common.js';

interface Opts extends CommonOpts { json?: boolean; once?: boolean; interval?: string; clear: boolean; stateFile?: string; mailboxDir?: string; adrDir?: string; extraRepo: string[] }

export function register(program: Command): void {
  common(program.command('digest'))
    .description('one-screen digest of the ledger, mailbox, unpushed commits and ADRs (refreshes until interrupted)')
    .option('--json', 'print the contract JSON document once')
    .option('--once', 'print one human frame and exit')
    .option('--interval <s>', 'refresh period in seconds (env LOOP_DIGEST_INTERVAL, default 30)')
    .option('--no-clear', 'do not clear the screen between frames')
    .option('--state-file <path>', 'ledger (default <root>/.loop/orchestrator-state.json)')
    .option('--mailbox-dir <dir>', 'mailbox (default <root>/.loop/messages)')
    .option('--adr-dir <dir>', 'ADR directory (env LOOP_DIGEST_ADR_DIR, default <root>/docs/adr)')
    .option('--extra-repo <dir>', 'another repo for unpushed commits (repeatable)', (v: string, acc: string[]) => [...acc, v], [])
    .action(async (o: Opts) => {
      const ctx = ctxFrom(o);
      const { buildDigest, digestInputFor, renderDigest } = await import('../digest.js');
      const input = digestInputFor(ctx.root);
      if (o.stateFile) input.stateFile = resolve(o.stateFile);
      if (o.mailboxDir) input.mailboxDir = resolve(o.mailboxDir);
      const adr = o.adrDir ?? process.env.LOOP_DIGEST_ADR_DIR;
      if (adr) input.adrDir = resolve(adr);
      input.repos.push(...o.extraRepo.map((r) => resolve(r)));
      if (o.json) { ctx.json(await buildDigest(input)); return; }
      if (o.once) { ctx.out(renderDigest(await buildDigest(input))); return; }
      const every = secondsFlag(o.interval ?? process.env.LOOP_DIGEST_INTERVAL, '--interval', 30_000);
      for (;;) {
        const frame = renderDigest(await buildDigest(input));
        process.stdout.write((o.clear ? '\x1b[H\x1b[2J' : '') + frame + '\n');
        await new Promise((r) => setTimeout(r, every));
      }
    });
}
