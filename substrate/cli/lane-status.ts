/**
 * `loop lane-status`: one status word per lane, or the whole fleet as JSON from one batched sweep
 * (spec/substrate.md §6.1, DESIGN.md §7). Exit 0 for any word; 2 usage / unknown dynamic lane;
 * 3 unresolvable fixed lane or missing session.
 */
import type { Command } from 'commander';
import { common, ctxFrom, type CommonOpts } from './common.js';
import { LoopError, UsageError } from '../errors.js';

interface Opts extends CommonOpts { json?: boolean; all?: boolean; printTarget?: boolean; classifyStdin?: boolean }

export function register(program: Command): void {
  common(program.command('lane-status'))
    .description('classify lanes: working | awaiting-approval | idle | errored | unknown')
    .argument('[args...]', 'SESSION LANE, or SESSION with --json --all, or [HARNESS] with --classify-stdin')
    .option('--json', 'print the contract JSON document')
    .option('--all', 'with --json: every lane of the session (one batched tmux call)')
    .option('--print-target', 'print the tmux pane id the lane resolves to')
    .option('--classify-stdin', 'classify the text on stdin (no tmux), optionally as HARNESS')
    .action(async (args: string[], o: Opts) => {
      try { await laneStatus(args, o); } catch (e) {
        // Contract: a missing session (or no server at all) is exit 3 for lane-status.
        if (e instanceof LoopError && (e.code === 'no-session' || e.code === 'no-server')) throw new LoopError(e.code, e.message, { exitCode: 3, hint: e.hint });
        throw e;
      }
    });
}

async function laneStatus(args: string[], o: Opts): Promise<void> {
      const ctx = ctxFrom(o);
      const home = process.env.LOOP_LANE_IDLE_HOME_PATTERN;
      // The classifier ignores a pattern that does not compile; say so instead of reading lanes `unknown` silently.
      if (home) try { new RegExp(home, 'u'); } catch (e) { ctx.err(`warning: LOOP_LANE_IDLE_HOME_PATTERN is not a valid regular expression (${(e as Error).message}); ignored`); }
      if (o.classifyStdin) {
        if (args.length > 1) throw new UsageError('lane-status: --classify-stdin takes at most one HARNESS');
        const { classifyForHarness } = await import('../readiness.js');
        const chunks: Buffer[] = [];
        for await (const c of process.stdin) chunks.push(c as Buffer);
        ctx.out(classifyForHarness(Buffer.concat(chunks).toString('utf8'), args[0] ?? null, process.env.LOOP_LANE_IDLE_HOME_PATTERN || undefined));
        return;
      }
      if (o.all && !o.json) throw new UsageError('lane-status: --all requires --json');
      if (o.printTarget && (o.json || o.all)) throw new UsageError('lane-status: --print-target cannot be combined with --json/--all');
      const { observeFleet, observeOptionsFromEnv, contractTs } = await import('../observe.js');
      const obsOpts = observeOptionsFromEnv();
      if (o.all) {
        if (args.length !== 1) throw new UsageError('lane-status: --json --all takes exactly one SESSION');
        const fleet = await observeFleet(ctx.tmux, args[0]!, obsOpts);
        const lanes: Record<string, { status: string; target: string; kind: string }> = {};
        for (const l of fleet.lanes) lanes[l.lane] = { status: l.status, target: l.target, kind: l.kind };
        ctx.json({ contract_version: 1, session: fleet.session, generated_at: fleet.generatedAt, lanes });
        return;
      }
      if (args.length !== 2) throw new UsageError('lane-status: expected SESSION LANE');
      const [session, lane] = args as [string, string];
      const { listPanes } = await import('../tmux/panes.js');
      const { resolveLane, isFixedLane } = await import('../lanes.js');
      const panes = await listPanes(ctx.tmux, session);
      const r = resolveLane(panes, lane);
      if (!r) {
        if (isFixedLane(lane)) throw new LoopError('unresolvable-lane', `Unable to resolve tmux target for lane '${lane}' in session '${session}'`, { exitCode: 3 });
        throw new LoopError('unknown-lane', `Unknown lane: ${lane}`, { exitCode: 2, hint: `see \`loop list-lanes --session ${session}\`` });
      }
      if (o.printTarget) { ctx.out(r.pane.paneId); return; }
      const { capturePanes, laneStatus } = await import('../observe.js');
      const shot = (await capturePanes(ctx.tmux, [r.pane.paneId], obsOpts.timeoutMs)).get(r.pane.paneId) ?? null;
      const status = laneStatus(r.pane, shot, obsOpts.idleHomePattern);
      if (o.json) ctx.json({ contract_version: 1, session, generated_at: contractTs(), lanes: { [lane]: { status, target: r.pane.paneId, kind: r.kind } } });
      else ctx.out(status);
}
