/**
 * `loop digest`: ledger, mailbox, unpushed commits and ADRs (spec/substrate.md §7). Exit 0 — also for a missing,
 * unreadable or malformed ledger (state null, a problem, a `warning:` line); 2 usage.
 */
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { common, ctxFrom, secondsFlag, type CommonOpts } from './common.js';
import type { DigestDoc } from '../digest.js';

/**
 * Without --project-root (spec §7 defaults): the nearest directory from `cwd` upwards holding `.loop/`, else the
 * nearest holding `.git` (the repo's top level, found without spawning git), else `cwd`.
 */
function projectRootFrom(cwd: string): string {
  let git: string | null = null;
  for (let d = cwd; ; d = dirname(d)) {
    if (existsSync(join(d, '.loop'))) return d;
    if (!git && existsSync(join(d, '.git'))) git = d;
    if (dirname(d) === d) return git ?? cwd;
  }
}

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
      const input = digestInputFor(o.projectRoot ? ctx.root : projectRootFrom(ctx.root));
      if (o.stateFile) input.stateFile = resolve(o.stateFile);
      if (o.mailboxDir) input.mailboxDir = resolve(o.mailboxDir);
      const adr = o.adrDir ?? process.env.LOOP_DIGEST_ADR_DIR;
      if (adr) input.adrDir = resolve(adr);
      input.repos.push(...o.extraRepo.map((r) => resolve(r)));
      const once = async (): Promise<DigestDoc> => {
        const d = await buildDigest(input);
        // An unreadable or malformed ledger never stops the digest (state: null), but it is said on stderr.
        for (const p of d.problems) if (p.startsWith(input.stateFile)) ctx.err(`warning: ${p}`);
        return d;
      };
      if (o.json) { ctx.json(await once()); return; }
      if (o.once) { ctx.out(renderDigest(await once(), new Date(), input)); return; }
      const every = secondsFlag(o.interval ?? process.env.LOOP_DIGEST_INTERVAL, '--interval', 30_000);
      for (;;) {
        const frame = renderDigest(await buildDigest(input), new Date(), input);
        process.stdout.write((o.clear ? '\x1b[H\x1b[2J' : '') + frame + '\n');
        await new Promise((r) => setTimeout(r, every));
      }
    });
}
