/**
 * Shared pieces of the `loop` CLI: the options every verb takes (`-L/--socket-name`,
 * `--project-root`), the context built from them, and JSON/human output helpers. Verbs return
 * nothing and throw LoopError; only main.ts turns errors into exit codes.
 */
import type { Command } from 'commander';
import { resolve } from 'node:path';
import { Tmux } from '../tmux/server.js';
import { UsageError } from '../errors.js';

export interface CommonOpts { socketName?: string; socketPath?: string; projectRoot?: string }

export interface Ctx {
  tmux: Tmux;
  root: string;
  out: (line?: string) => void;
  err: (line: string) => void;
  json: (doc: unknown) => void;
}

/** Add the options every verb takes. */
export function common(cmd: Command): Command {
  return cmd
    .option('-L, --socket-name <name>', 'use a private tmux server (env LOOPDECK_TMUX_SOCKET)')
    .option('-S, --socket-path <path>', 'use the tmux server at this socket path')
    .option('--project-root <dir>', 'project root (default: the current directory)');
}

/** Build the verb context from parsed options. */
export function ctxFrom(o: CommonOpts): Ctx {
  return {
    tmux: new Tmux({ socketName: o.socketName, socketPath: o.socketPath }),
    root: resolve(o.projectRoot ?? process.cwd()),
    out: (line = '') => { process.stdout.write(line + '\n'); },
    err: (line) => { process.stderr.write(line + '\n'); },
    json: (doc) => { process.stdout.write(JSON.stringify(doc, null, 2) + '\n'); },
  };
}

/** The session from `--session`, else $LOOP_SESSION; a usage error naming both when absent. */
export function requireSession(session: string | undefined, verb: string): string {
  const s = session ?? process.env.LOOP_SESSION;
  if (!s) throw new UsageError(`${verb}: --session <name> required (or set LOOP_SESSION)`, { exitCode: 1 });
  return s;
}

/** Parse a non-negative number of seconds into ms, or throw a usage error naming the flag. */
export function secondsFlag(v: string | undefined, flag: string, dflt: number): number {
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new UsageError(`${flag} expects a number of seconds (got '${v}')`);
  return n * 1000;
}

/** Pad for human tables. */
export function pad(s: string, n: number): string {
  return s.length >= n ? s + ' ' : s + ' '.repeat(n - s.length);
}
