/**
 * `loop adr new|list|show|accept` (spec/substrate.md §9): MADR decision records in `docs/adr/`. The directory is
 * `--adr-dir` (or the reference's `--dir`; both are accepted, §16 quirk 7 fixed), else env LOOP_ADR_DIR, else
 * `<project-root>/docs/adr`. Exit 0 ok; 1 missing title, existing file, unknown id, refused accept; 2 usage.
 * `accept` is a HUMAN action: automation and agents never run it (the engine's gate blocks it in payloads).
 */
import type { Command } from 'commander';
import { LoopError } from '../errors.js';
import { common, ctxFrom, pad, type CommonOpts } from './common.js';

interface Opts extends CommonOpts { adrDir?: string; dir?: string; json?: boolean; deciders?: string }

function withDir(cmd: Command): Command {
  return common(cmd)
    .option('--adr-dir <dir>', 'ADR directory (env LOOP_ADR_DIR, default <project-root>/docs/adr)')
    .option('--dir <dir>', 'same as --adr-dir (the reference\'s spelling)');
}

async function dirOf(o: Opts): Promise<string> {
  const { adrDirFrom } = await import('../adr/store.js');
  return adrDirFrom(o.adrDir ?? o.dir, ctxFrom(o).root);
}

export function register(program: Command): void {
  const adr = program.command('adr').description('MADR decision records: new, list, show, accept (accept is for people only)')
    .argument('[verb]', 'new | list | show | accept').allowExcessArguments(true)
    // No verb: usage, exit 0; an unknown verb: exit 1 (spec §9).
    .action(async (verb: string | undefined) => {
      if (verb) throw new LoopError('usage', `adr: unknown verb '${verb}'`, { exitCode: 1, hint: 'see `loop adr --help`' });
      adr.outputHelp();
    });
  withDir(adr.command('new')).description('create the next NNNN-<slug>.md from the template (status: Proposed)').argument('<title...>', 'the decision title (words are joined)')
    .option('--deciders <names>', 'deciders line (default "coord, human")').option('--json', 'print {contract_version, id, path}')
    .action(async (words: string[], o: Opts) => {
      const { newAdr } = await import('../adr/store.js');
      const r = newAdr(await dirOf(o), words.join(' '), { deciders: o.deciders });
      const ctx = ctxFrom(o);
      if (o.json) ctx.json({ contract_version: 1, id: r.id, path: r.path }); else ctx.out(r.path);
    });
  withDir(adr.command('list')).description('ID STATUS TITLE, in id order').option('--json', 'print {contract_version, dir, adrs[]}')
    .action(async (o: Opts) => {
      const { listAdrs } = await import('../files/adr.js');
      const { existsSync } = await import('node:fs');
      const dir = await dirOf(o);
      const ctx = ctxFrom(o);
      const { adrs, problems } = listAdrs(dir);
      adrs.reverse();
      for (const p of problems) ctx.err(`warning: ${p.file}: ${p.message}`);
      if (o.json) { ctx.json({ contract_version: 1, dir, adrs }); return; }
      if (!existsSync(dir)) { ctx.out(`(no ADR dir: ${dir})`); return; }
      if (!adrs.length) { ctx.out(`(no ADRs in ${dir})`); return; }
      ctx.out(`${pad('ID', 6)}${pad('STATUS', 10)}TITLE`);
      for (const a of adrs) ctx.out(`${pad(a.id, 6)}${pad(a.status, 10)}${a.title}`);
    });
  withDir(adr.command('show')).description('print one record').argument('<id>', '7, 0007 or ADR-7')
    .option('--json', 'print {contract_version, id, path, text}')
    .action(async (id: string, o: Opts) => {
      const { findAdr } = await import('../adr/store.js');
      const { readFileSync } = await import('node:fs');
      const { basename } = await import('node:path');
      const path = findAdr(await dirOf(o), id);
      const text = readFileSync(path, 'utf8');
      if (o.json) ctxFrom(o).json({ contract_version: 1, id: /^\d+/.exec(basename(path))?.[0] ?? id, path, text });
      else process.stdout.write(text);
    });
  withDir(adr.command('accept')).description('HUMAN ONLY: set status Accepted once verify_record and rollback (or canary_record) are linked').argument('<id>', '7, 0007 or ADR-7')
    .option('--json', 'print {contract_version, id, status, file, old_status}')
    .action(async (id: string, o: Opts) => {
      const { acceptAdr } = await import('../adr/store.js');
      const r = acceptAdr(await dirOf(o), id);
      const ctx = ctxFrom(o);
      if (o.json) ctx.json({ contract_version: 1, id: r.id, status: 'accepted', file: r.file, old_status: r.oldStatus });
      else ctx.out(`loop adr: accepted ${r.file} (status: ${r.oldStatus} -> Accepted)`);
    });
}
