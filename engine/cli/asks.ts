/** `engine asks [--all] [--json]`: the asks the brain sent to lanes and whether they were answered (spec §9). */
import type { Command } from 'commander';
import { common, openStore, target, print, json, type EngineOpts } from './common.js';
import { listAsks } from '../asks/answer.js';

export function register(program: Command): void {
  common(program.command('asks'))
    .description('list outstanding asks (steers that expect a reply `re:<ask-id>`); --all includes replied and timed-out ones')
    .option('--all', 'every ask, not only outstanding ones')
    .option('--json', '{contract_version, asks: [{id, decision_id, lane, created_at, reply_timeout_s, status, replied_at, reply_file, timed_out_at, question}]}')
    .action((o: EngineOpts & { all?: boolean }) => {
      const store = openStore(target(o));
      try {
        const asks = listAsks({ store }, o.all ? undefined : 'outstanding');
        if (o.json) { json({ contract_version: 1, asks }); return; }
        if (!asks.length) { print(o.all ? 'no asks' : 'no outstanding asks'); return; }
        for (const a of asks) {
          print(`${a.id}  ${a.status}  lane=${a.lane}  asked ${a.created_at}  timeout ${a.reply_timeout_s}s${a.replied_at ? `  replied ${a.replied_at} (${a.reply_file})` : ''}${a.timed_out_at ? `  timed out ${a.timed_out_at}` : ''}`);
          if (a.question) print(`    ${a.question.split('\n')[0]!.slice(0, 200)}`);
        }
        if (asks.some((a) => a.status === 'outstanding')) print('answer with: engine answer <ask-id> TEXT');
      } finally { store.close(); }
    });
}
