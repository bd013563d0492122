/**
 * One-line, actionable errors for the lane verbs (issue 3 item 13; CONTRACT.md "Exit codes"):
 * tmux absent, tmux older than 3.3, no server on the chosen socket, no such session. The happy path
 * costs one `has-session` call; `tmux -V` runs only when something already failed, to name the
 * real cause.
 */
import type { Tmux } from '../tmux/server.js';
import { arg } from '../tmux/server.js';
import { LoopError } from '../errors.js';

/**
 * Resolve when `session` exists on `tmux`'s server.
 * @throws LoopError tmux-missing | tmux-too-old | no-server | no-session — all exit 1, each with a hint.
 */
export async function requireLiveSession(tmux: Tmux, session: string, verb: string): Promise<void> {
  try {
    await tmux.run(['has-session', '-t', `=${arg(session)}`]);
  } catch (e) {
    throw await explainTmuxFailure(tmux, session, verb, e);
  }
}

/**
 * Turn a failed tmux call about `session` into the error to show: tmux missing, tmux too old
 * (`tmux -V` is asked only now), no server, or no such session. Errors of another kind (a timeout, a
 * base lane…) come back unchanged. Always returns an error to throw.
 */
export async function explainTmuxFailure(tmux: Tmux, session: string, verb: string, e: unknown): Promise<unknown> {
  const code = e instanceof LoopError ? e.code : 'tmux-failed';
  if (e instanceof LoopError && code === 'tmux-missing') return new LoopError('tmux-missing', `${verb}: ${e.message}`, { exitCode: 1, hint: e.hint });
  if (e instanceof LoopError && !['no-server', 'no-session', 'tmux-failed', 'proc'].includes(code)) return e;
  if (code === 'proc' && (await tmux.hasSession(session).catch(() => false))) return e; // another failure
  try { await tmux.checkVersion(); } catch (v) {
    return v instanceof LoopError ? new LoopError(v.code, `${verb}: ${v.message}`, { exitCode: 1, hint: v.hint }) : v;
  }
  if (code === 'no-server') return new LoopError('no-server', `${verb}: no tmux server is running on ${tmux.label()}`, { exitCode: 1, hint: `start the session with \`loop up --session ${session}\` (same -L/-S), or name the server it runs on with -L NAME` });
  return new LoopError('no-session', `${verb}: session '${session}' does not exist on ${tmux.label()}`, { exitCode: 1, hint: `create it with \`loop up --session ${session}\`, or list sessions with \`tmux ls\` (same -L)` });
}

/**
 * The session a lane verb works on (spec §3): `--session`, else $LOOP_SESSION (set in every lane),
 * else — when run inside tmux ($TMUX) — the current session as tmux reports it.
 * @throws LoopError usage (exit `exitCode`, 1 for the lane verbs) naming both ways to pass it.
 */
export async function sessionOrCurrent(tmux: Tmux, flag: string | undefined, verb: string, exitCode = 1): Promise<string> {
  const s = flag ?? process.env.LOOP_SESSION;
  if (s) return s;
  if (process.env.TMUX) {
    const cur = (await tmux.out(['display-message', '-p', '#{session_name}']).catch(() => '')).trim();
    if (cur) return cur;
  }
  throw new LoopError('usage', `${verb}: --session <name> required (or set LOOP_SESSION, or run inside tmux)`, { exitCode });
}

/** `--state-dir` precedence for the watchdog (spec §1.1): flag > env LOOP_TMUX_STATE_DIR > `<root>/.loop/sessions/<session>`. */
export function stateDirFor(flag: string | undefined, root: string, session: string, env: NodeJS.ProcessEnv = process.env): string {
  return flag || env.LOOP_TMUX_STATE_DIR || `${root}/.loop/sessions/${session}`;
}
