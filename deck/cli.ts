/**
 * The `deck` command line (commander): `deck [--project-root DIR] [--session S] [-L NAME | -S PATH]
 * [--keys-doc] [--all [--roots a,b]]`. Parsing only — it returns what to do, and main.ts does it (and exits).
 */
import { Command, CommanderError } from 'commander';
import { resolve } from 'node:path';

export interface DeckOptions {
  root: string;
  session: string;
  /** tmux `-L` server name (env LOOPDECK_TMUX_SOCKET), for the offline read. */
  socketName?: string;
  /** tmux `-S` socket path. */
  socketPath?: string;
}

export type ParseOutcome =
  | { kind: 'run'; opts: DeckOptions }
  | { kind: 'keys-doc' }
  /** `--all`: the cross-session table for `roots` (spec §9.9); no session or TTY needed. */
  | { kind: 'all'; roots: string[] }
  | { kind: 'exit'; code: number; stdout: string; stderr: string };

/** The usage error for a missing session (spec/wiki-tasks-pm-deck.md §9.2). */
export const SESSION_REQUIRED = 'error: --session <name> (or $LOOP_SESSION) is required';

/** Parse `argv` (user arguments only, without node and the script). */
export function parseDeckArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): ParseOutcome {
  let stdout = '';
  let stderr = '';
  const program = new Command('deck')
    .description('loopdeck deck: the full-screen flight deck over a running engine (read-only dashboard when none runs)')
    .option('--project-root <dir>', 'project root (default: the current directory)')
    .option('--session <name>', 'tmux session (env LOOP_SESSION)')
    .option('-L, --socket-name <name>', 'private tmux server (env LOOPDECK_TMUX_SOCKET)')
    .option('-S, --socket-path <path>', 'tmux server socket path')
    .option('--keys-doc', 'print docs/keys.md (generated from the key map) and exit')
    .option('--all', 'print every loopdeck session on this machine with its engine state, and exit')
    .option('--roots <a,b,...>', 'with --all: project roots to scan for stopped sessions (comma list, ~ expanded; default: --project-root)')
    .addHelpText('after', '\nKeys: run the deck and press ?, or see docs/keys.md.')
    .exitOverride()
    .configureOutput({ writeOut: (s) => { stdout += s; }, writeErr: (s) => { stderr += s; } })
    .showHelpAfterError('(run with --help for usage)');
  try {
    program.parse([...argv], { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) return { kind: 'exit', code: e.exitCode === 0 ? 0 : 2, stdout, stderr };
    throw e;
  }
  const o = program.opts<{ projectRoot?: string; session?: string; socketName?: string; socketPath?: string; keysDoc?: boolean; all?: boolean; roots?: string }>();
  if (o.all) {
    const home = env.HOME ?? '';
    const roots = (o.roots ?? o.projectRoot ?? '.').split(',').map((r) => r.trim()).filter(Boolean).map((r) => resolve(cwd, r.replace(/^~(?=$|\/)/, home)));
    return { kind: 'all', roots };
  }
  if (o.keysDoc) return { kind: 'keys-doc' };
  const session = o.session ?? (env.LOOP_SESSION || undefined);
  if (!session) return { kind: 'exit', code: 2, stdout: '', stderr: `${SESSION_REQUIRED}\n` };
  const socketName = o.socketName ?? (o.socketPath ? undefined : env.LOOPDECK_TMUX_SOCKET || undefined);
  return { kind: 'run', opts: { root: resolve(cwd, o.projectRoot ?? '.'), session, socketName, socketPath: o.socketPath } };
}
