/** `loop up`: create the six-window session (spec/substrate.md §1). */
import type { Command } from 'commander';
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { common, ctxFrom, type CommonOpts } from './common.js';
import { LoopError } from '../errors.js';

interface UpOpts extends CommonOpts {
  session?: string; preset?: string; laneConfig?: string; attach: boolean; printCmds?: boolean;
  worktreeWeb?: string; worktreeInfra?: string; validateCmd?: string; gatewayHealthCmd?: string; logStreamCmd?: string;
  coordCmd?: string; webCmd?: string; infraCmd?: string; validateLeftCmd?: string; validateRightCmd?: string; opsTopCmd?: string; opsBottomCmd?: string; docsCmd?: string;
  width: string; height: string; infraRoot?: string; bootCheck?: string | boolean; autoRestart?: boolean; stateDir?: string; stateFile?: string; mailboxDir?: string;
}

function dirFlag(v: string | undefined, fallback: string): string {
  if (!v) return fallback;
  const p = resolve(v);
  if (!existsSync(p) || !statSync(p).isDirectory()) throw new LoopError('usage', `error: worktree path does not exist: ${p}`, { exitCode: 1, hint: 'create the directory (e.g. git worktree add) or pass an existing one to --worktree-web/--worktree-infra' });
  return p;
}

export function register(program: Command): void {
  const cmd = common(program.command('up'))
    .description('create the session: windows coord, web, infra, validate (2 panes), ops (2 panes), docs; start each slot command')
    .option('--session <name>', 'session name (env LOOP_SESSION)')
    .option('--preset <name>', 'pi-claude | all-pi | all-claude | validation-only | monitor')
    .option('--lane-config <file>', 'lane composition YAML (host override <base>.<host>.yaml merged per lane)')
    .option('--no-attach', 'create the session but do not attach')
    .option('--print-cmds', 'print the resolved slot commands and exit without touching tmux')
    .option('--worktree-web <dir>', 'cwd of web and both validate panes (env LOOP_WORKTREE_WEB)')
    .option('--worktree-infra <dir>', 'cwd of infra (env LOOP_WORKTREE_INFRA)')
    .option('--validate-cmd <cmd>', 'preset source for validate-left (env LOOP_VALIDATE_CMD)')
    .option('--gateway-health-cmd <cmd>', 'preset source for ops-top (env LOOP_GATEWAY_HEALTH_CMD)')
    .option('--log-stream-cmd <cmd>', 'preset source for ops-bottom (env LOOP_LOG_STREAM_CMD)')
    .option('--state-file <path>', 'ledger passed to the coord digest (env LOOP_STATE_FILE)')
    .option('--mailbox-dir <dir>', 'mailbox passed to the coord digest (env LOOP_MAILBOX_DIR)')
    .option('--infra-root <dir>', 'default cwd of infra (env LOOP_INFRA_ROOT; a missing dir warns and falls back to the project root)')
    .option('--boot-check [secs]', 'after launch, wait up to secs (default 8) and exit 1 if an AI lane fell back to a bare shell')
    .option('--auto-restart', 'start the lane-health watchdog (`loop watchdog`) detached')
    .option('--state-dir <dir>', 'watchdog dir (env LOOP_TMUX_STATE_DIR; default <root>/.loop/sessions/<session>)')
    .option('--width <cols>', 'size of the detached session', '200')
    .option('--height <rows>', 'size of the detached session', '50');
  for (const s of ['coord', 'web', 'infra', 'validate-left', 'validate-right', 'ops-top', 'ops-bottom', 'docs']) cmd.option(`--${s}-cmd <cmd>`, `literal command for the ${s} slot`);
  cmd.action(async (o: UpOpts) => {
    const ctx = ctxFrom(o);
    const session = o.session ?? process.env.LOOP_SESSION;
    if (!session) throw new LoopError('usage', 'up: --session <name> is required (or set LOOP_SESSION)', { exitCode: 1 });
    if (!existsSync(ctx.root)) throw new LoopError('usage', `up: project root does not exist: ${ctx.root}`, { exitCode: 1 });
    const { resolveSlots, printCmds } = await import('../config/slots.js');
    const { bin } = await import('../pkg.js');
    const { shQuote } = await import('../dispatch.js');
    const { bootSeconds } = await import('./up-extras.js');
    const bootSecs = bootSeconds(o.bootCheck);
    let infraDefault = ctx.root;
    const infraFlag = o.infraRoot ?? process.env.LOOP_INFRA_ROOT;
    if (infraFlag) {
      const p = resolve(infraFlag);
      if (existsSync(p) && statSync(p).isDirectory()) infraDefault = p;
      else ctx.err(`warning: --infra-root does not exist: ${p} (falling back to project-root)`);
    }
    const webRoot = dirFlag(o.worktreeWeb ?? process.env.LOOP_WORKTREE_WEB, ctx.root);
    const infraRoot = dirFlag(o.worktreeInfra ?? process.env.LOOP_WORKTREE_INFRA, infraDefault);
    let laneConfig = null;
    if (o.laneConfig) {
      const file = resolve(o.laneConfig);
      if (!existsSync(file)) throw new LoopError('usage', `error: --lane-config file not found: ${file}`, { exitCode: 1 });
      const { loadLaneConfig } = await import('../config/lane-config.js');
      const { formatProblem } = await import('../files/problems.js');
      laneConfig = loadLaneConfig(file);
      if (laneConfig.problems.length) {
        for (const p of laneConfig.problems) ctx.err(formatProblem(p));
        throw new LoopError('lane-config', `error: lane-config validation failed: ${laneConfig.problems.length} error(s)`, { exitCode: 1 });
      }
      if (laneConfig.lanes.length === 0) throw new LoopError('lane-config', `error: no lanes found in ${laneConfig.loaded}`, { exitCode: 1, hint: 'uncomment or add a lane under `lanes:`' });
    }
    const stateFile = o.stateFile ?? process.env.LOOP_STATE_FILE;
    const mailboxDir = o.mailboxDir ?? process.env.LOOP_MAILBOX_DIR;
    const digestArgv = [process.execPath, bin('loop'), 'digest', '--project-root', ctx.root];
    if (stateFile) digestArgv.push('--state-file', resolve(stateFile));
    if (mailboxDir) digestArgv.push('--mailbox-dir', resolve(mailboxDir));
    const digestCmd = digestArgv.map(shQuote).join(' ');
    const flags = { coord: o.coordCmd, web: o.webCmd, infra: o.infraCmd, 'validate-left': o.validateLeftCmd, 'validate-right': o.validateRightCmd, 'ops-top': o.opsTopCmd, 'ops-bottom': o.opsBottomCmd, docs: o.docsCmd };
    const { slots, warnings } = resolveSlots({
      preset: o.preset, flags, laneConfig, projectRoot: ctx.root, digestCmd, preservePaths: Boolean(process.env.LANE_CONFIG_PRESERVE_PATHS),
      validateCmd: o.validateCmd ?? process.env.LOOP_VALIDATE_CMD, gatewayHealthCmd: o.gatewayHealthCmd ?? process.env.LOOP_GATEWAY_HEALTH_CMD, logStreamCmd: o.logStreamCmd ?? process.env.LOOP_LOG_STREAM_CMD,
    });
    for (const w of warnings) ctx.err(`warning: ${w}`);
    if (o.printCmds) { for (const l of printCmds(session, webRoot, infraRoot, slots)) ctx.out(l); return; }
    await ctx.tmux.checkVersion();
    const { createSession, attachSession } = await import('../sessions.js');
    if (await ctx.tmux.hasSession(session)) {
      if (!o.attach) { ctx.out(`Session '${session}' already exists.`); return; }
      ctx.out(`Session '${session}' already exists. Attaching...`);
      await attachSession(ctx.tmux, session);
      return;
    }
    const res = await createSession(ctx.tmux, { session, projectRoot: ctx.root, webRoot, infraRoot, slots, width: Number(o.width), height: Number(o.height) });
    for (const w of res.warnings) ctx.err(w);
    const extras = await import('./up-extras.js');
    const boot = bootSecs === null ? 0 : await extras.runBootCheck(ctx, session, slots, bootSecs);
    if (o.autoRestart) {
      const { stateDirFor } = await import('./session-check.js');
      await extras.startWatchdog(ctx, session, stateDirFor(o.stateDir, ctx.root, session), slots);
    }
    if (!o.attach) { ctx.out(`Session '${session}' prepared.`); process.exitCode = boot; return; }
    await attachSession(ctx.tmux, session);
    process.exitCode = boot; // ours: the boot-check status survives the attach (spec §16.9)
  });
}
