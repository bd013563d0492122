/** `engine approve <id> [--actions i,j]` and `engine reject <id> [--reason TEXT]`: a person decides. */
import type { Command } from 'commander';
import { common, target, print, json, daemonClient, context, type EngineOpts } from './common.js';
import { decisionLines } from './format.js';
import { LoopError, UsageError } from '../../substrate/errors.js';
import type { ResolveResult } from '../protocol/methods.js';

function report(r: ResolveResult, asJson?: boolean): void {
  if (asJson) json({ contract_version: 1, ...r });
  else for (const l of decisionLines(r.decision)) print(l);
  if (r.failed.length) throw new LoopError('actions-failed', `action(s) [${r.failed.join(', ')}] failed; see \`engine events\``, { exitCode: 1 });
}

function toLoop(e: unknown): unknown {
  const code = (e as { data?: { code?: string } }).data?.code;
  if (e instanceof Error && e.name === 'EngineRequestError') return new LoopError(code ?? 'resolve-failed', e.message, { exitCode: 1 });
  return e;
}

export function register(program: Command): void {
  common(program.command('approve'))
    .description('approve the pending decision (all awaiting actions, or only --actions) and run what was approved, at most once')
    .argument('<id>', 'decision id (d-YYYYMMDD-HHMMSS-n)')
    .option('--actions <list>', 'comma-separated action indices to approve; the other awaiting actions are rejected')
    .option('--json', 'print the resolved decision as JSON')
    .action(async (id: string, o: EngineOpts & { actions?: string }) => {
      const t = target(o);
      let indices: number[] | null = null;
      if (o.actions !== undefined) {
        const parts = o.actions.split(',').map((s) => s.trim()).filter(Boolean);
        if (parts.length === 0) throw new UsageError('--actions needs at least one index (omit it to approve every awaiting action)');
        if (parts.some((p) => !/^\d+$/.test(p))) throw new UsageError(`--actions expects comma-separated integers (got '${o.actions}')`);
        indices = parts.map(Number);
      }
      const c = await daemonClient(t, 'engine-approve');
      if (c) { try { report(await c.call('decision.approve', { id, actions: indices ?? undefined, by: process.env.USER || 'human' }), o.json); } catch (e) { throw toLoop(e); } finally { c.close(); } return; }
      const ctx = await context(o, () => undefined);
      const { approveDecision } = await import('../cycle/resolve.js');
      try { report(await approveDecision(ctx, id, indices, ctx.actor), o.json); } finally { ctx.store.close(); }
    });
  common(program.command('reject'))
    .description('reject the pending decision; nothing runs')
    .argument('<id>', 'decision id')
    .option('--reason <text>', 'why (recorded and filed in the wiki)', '')
    .option('--json', 'print the resolved decision as JSON')
    .action(async (id: string, o: EngineOpts & { reason: string }) => {
      const t = target(o);
      const c = await daemonClient(t, 'engine-reject');
      if (c) { try { report(await c.call('decision.reject', { id, reason: o.reason, by: process.env.USER || 'human' }), o.json); } catch (e) { throw toLoop(e); } finally { c.close(); } return; }
      const ctx = await context(o, () => undefined);
      const { rejectDecision } = await import('../cycle/resolve.js');
      try { report(rejectDecision(ctx, id, o.reason, ctx.actor), o.json); } finally { ctx.store.close(); }
    });
}
