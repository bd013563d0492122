/**
 * A handle on one tmux server. Every tmux call in loopdeck goes through a handle, so a private
 * server (`-L name` / `-S path`, `-f config`) is a constructor argument and tests never touch the
 * user's default server. Builds argv arrays only; see `arg()` for tmux's own trailing-`;` rule.
 */
import { run, ProcError, type ProcResult } from '../proc/run.js';
import { LoopError } from '../errors.js';

export interface TmuxOptions {
  /** `-L NAME`: a named server socket in tmux's socket dir. Env fallback: LOOPDECK_TMUX_SOCKET. */
  socketName?: string;
  /** `-S PATH`: an explicit socket path. */
  socketPath?: string;
  /** `-f FILE`: config read when this call starts the server (tests pass /dev/null). */
  configFile?: string;
  /** Per-call timeout in ms (default 10 000). */
  timeoutMs?: number;
}

/** Minimum tmux version (format user options, `-p` pane options, `display -p`). */
export const MIN_TMUX = [3, 3] as const;

/**
 * tmux treats any argv element ending in `;` as a command separator, even for a single command.
 * Escape a trailing `;` so untrusted text (window names, typed launch lines) stays one argument.
 */
export function arg(s: string): string {
  return s.endsWith(';') ? `${s.slice(0, -1)}\\;` : s;
}

export class Tmux {
  readonly socketName: string | undefined;
  readonly socketPath: string | undefined;
  readonly configFile: string | undefined;
  readonly timeoutMs: number;

  constructor(opts: TmuxOptions = {}) {
    this.socketName = opts.socketName ?? (opts.socketPath ? undefined : process.env.LOOPDECK_TMUX_SOCKET || undefined);
    this.socketPath = opts.socketPath;
    this.configFile = opts.configFile;
    this.timeoutMs = opts.timeoutMs ?? 10_000;
  }

  /** The argv prefix that selects this server, e.g. `['tmux', '-L', 'x']`. */
  base(): string[] {
    const a = ['tmux'];
    if (this.socketPath) a.push('-S', this.socketPath);
    else if (this.socketName) a.push('-L', this.socketName);
    if (this.configFile) a.push('-f', this.configFile);
    return a;
  }

  /** Human-readable server label for messages: `-L name`, `-S path` or `default server`. */
  label(): string {
    return this.socketPath ? `-S ${this.socketPath}` : this.socketName ? `-L ${this.socketName}` : 'the default tmux server';
  }

  /**
   * Run one tmux command (or several chained with a `;` element).
   * @throws LoopError tmux-missing | no-server | ProcError for any other failure.
   */
  async run(args: string[], opts: { input?: string; timeoutMs?: number } = {}): Promise<ProcResult> {
    try {
      return await run([...this.base(), ...args], { input: opts.input, timeoutMs: opts.timeoutMs ?? this.timeoutMs, env: { TMUX: this.socketName || this.socketPath ? undefined : process.env.TMUX } });
    } catch (e) {
      throw this.translate(e);
    }
  }

  /** Run and return stdout. */
  async out(args: string[], opts: { input?: string; timeoutMs?: number } = {}): Promise<string> {
    return (await this.run(args, opts)).stdout;
  }

  /** Run and report success as a boolean (for probes like has-session). */
  async ok(args: string[]): Promise<boolean> {
    try { await this.run(args); return true; } catch (e) {
      if (e instanceof LoopError && e.code === 'tmux-missing') throw e;
      return false;
    }
  }

  /** Chain several commands into one tmux invocation (one process, one round trip). */
  async batch(commands: string[][], opts: { timeoutMs?: number } = {}): Promise<string> {
    const args: string[] = [];
    commands.forEach((c, i) => { if (i > 0) args.push(';'); args.push(...c); });
    return this.out(args, opts);
  }

  /** Does the server answer at all? */
  async alive(): Promise<boolean> {
    return this.ok(['list-sessions', '-F', '#{session_id}']);
  }

  /** Does session `name` exist (exact match, never a prefix)? */
  async hasSession(name: string): Promise<boolean> {
    return this.ok(['has-session', '-t', `=${arg(name)}`]);
  }

  /**
   * Check tmux is installed and at least MIN_TMUX.
   * @throws LoopError tmux-missing | tmux-too-old
   */
  async checkVersion(): Promise<string> {
    let v: string;
    try { v = (await run(['tmux', '-V'], { timeoutMs: 5000 })).stdout.trim(); } catch (e) { throw this.translate(e); }
    const m = /(\d+)\.(\d+)/.exec(v);
    const [maj, min] = m ? [Number(m[1]), Number(m[2])] : [0, 0];
    if (maj < MIN_TMUX[0] || (maj === MIN_TMUX[0] && min < MIN_TMUX[1])) {
      throw new LoopError('tmux-too-old', `${v || 'tmux'} is older than tmux ${MIN_TMUX.join('.')}`, { hint: 'install tmux 3.3 or newer' });
    }
    return v;
  }

  private translate(e: unknown): unknown {
    if (!(e instanceof ProcError)) return e;
    const r = e.result;
    if (r.exitCode === null && /ENOENT/.test(r.stderr)) {
      return new LoopError('tmux-missing', 'tmux is not installed or not on PATH', { hint: 'install tmux 3.3 or newer (e.g. apt-get install tmux)', cause: e });
    }
    if (/no server running|error connecting to|failed to connect to server/i.test(r.stderr)) {
      return new LoopError('no-server', `no tmux server is running on ${this.label()}`, { hint: 'start one with `loop up --session S` (pass the same -L/--socket-name)', cause: e });
    }
    return e;
  }
}
