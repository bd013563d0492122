/**
 * `engine answer <ask-id> TEXT…`: answer an ask as a person. The reply becomes a mailbox message
 * `<stamp>-<you>-to-coord.md` with subject `re:<ask-id> answer from <you>` (atomic). Through the
 * running daemon when there is one (IPC `ask.answer`), else written here and matched at once.
 * Exit 1: unknown ask, or already answered.
 */
import type { Command } from 'commander';
import { common, context, target, daemonClient, print, json, type EngineOpts } from './common.js';
import { LoopError } from '../../substrate/errors.js';
import { EngineRequestError } from '../protocol/client.js';

export function register(program: Command): void {
  common(program.command('answer'))
    .description('answer an ask: writes the reply as a mailbox message to coord with subject re:<ask-id>')
    .argument('<ask-id>', 'the ask id (engine asks)')
    .argument('<text...>', 'the answer (words are joined with spaces)')
    .option('--json', '{contract_version, ask_id, file}')
    .action(async (askId: string, words: string[], o: EngineOpts) => {
      const text = words.join(' ');
      const by = process.env.USER || 'human';
      const c = await daemonClient(target(o), 'engine-answer');
      let res: { ask_id: string; file: string };
      if (c) {
        try { res = await c.call('ask.answer', { ask_id: askId, text, by }); } catch (e) {
          if (e instanceof EngineRequestError) throw new LoopError(String((e.data as { code?: string } | undefined)?.code ?? 'ask-answer-failed'), e.message, { exitCode: 1, hint: 'list asks with `engine asks --all`' });
          throw e;
        } finally { c.close(); }
      } else {
        const ctx = await context(o, () => undefined);
        try {
          const { writeAnswer } = await import('../asks/answer.js');
          const { matchReply } = await import('../watch/asks.js');
          const w = writeAnswer(ctx, askId, text, by);
          matchReply(ctx, w.file, w.subject);
          res = { ask_id: w.ask_id, file: w.file };
        } finally { ctx.store.close(); }
      }
      if (o.json) json({ contract_version: 1, ...res });
      else print(`answered ${res.ask_id}: .loop/messages/${res.file}`);
    });
}
