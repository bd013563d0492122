/**
 * The one place loopdeck starts processes (DESIGN.md §2). tmux, git (through simple-git, which
 * spawns on its own but only from substrate/), brain CLIs and fake agents all come through here.
 * argv arrays only — there is no shell anywhere, so untrusted text can never become a command.
 *
 * `run` uses node:child_process directly: it is on the hot path of `loop lane-status --all`
 * (≤ 250 ms per process), where execa's ~120 ms import cost is not affordable. `runStreaming`
 * (brain and headless one-shots, seconds to minutes long) lazily loads execa for its timeout,
 * kill-escalation and cleanup handling.
 */
import { spawn } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { LoopError } from '../errors.js';

/** Everything needed to debug a finished process. Durations are milliseconds. */
export interface ProcResult {
  argv: string[];
  cwd: string;
  exitCode: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  durationMs: number;
  timedOut: boolean;
}

/** A process that failed to start, exited non-zero, or timed out. `result` has the full record. */
export class ProcError extends LoopError {
  readonly result: ProcResult;
  constructor(result: ProcResult, message?: string, cause?: unknown) {
    const what = result.timedOut
      ? `timed out after ${result.durationMs} ms`
      : result.exitCode === null
        ? `failed to start${result.signal ? ` (signal ${result.signal})` : ''}`
        : `exited ${result.exitCode}`;
    const err = result.stderr.trim().split('\n').slice(-3).join(' | ');
    super('proc', message ?? `${result.argv.join(' ')} ${what}${err ? `: ${err}` : ''}`, { cause });
    this.name = 'ProcError';
    this.result = result;
  }
}

export interface RunOptions {
  cwd?: string;
  /** Merged over process.env. A value of undefined removes the variable. */
  env?: Record<string, string | undefined>;
  /** Written to stdin, then stdin is closed. Without it stdin is /dev/null. */
  input?: string;
  /** Kill (SIGTERM, then SIGKILL 1 s later) after this many ms. */
  timeoutMs?: number;
  /** When false a non-zero exit resolves instead of throwing ProcError. Default true. */
  reject?: boolean;
  /** 'inherit' connects the child to our terminal (used by `tmux attach`). */
  stdio?: 'pipe' | 'inherit';
}

/** Build the child environment: process.env with `overrides` applied (undefined deletes). */
export function childEnv(overrides?: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const [k, v] of Object.entries(overrides ?? {})) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

/**
 * Run argv[0] with argv[1..] and collect its output.
 * @throws ProcError when it cannot start, exits non-zero (unless reject:false) or times out.
 */
export function run(argv: string[], opts: RunOptions = {}): Promise<ProcResult> {
  const [file, ...args] = argv;
  if (!file) throw new LoopError('proc', 'run: empty argv');
  const cwd = opts.cwd ?? process.cwd();
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      cwd,
      env: childEnv(opts.env),
      stdio: opts.stdio === 'inherit' ? 'inherit' : [opts.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    let killTimer: NodeJS.Timeout | undefined;
    const timer = opts.timeoutMs
      ? setTimeout(() => {
          timedOut = true;
          child.kill('SIGTERM');
          killTimer = setTimeout(() => child.kill('SIGKILL'), 1000);
        }, opts.timeoutMs)
      : undefined;
    child.stdout?.on('data', (c: Buffer) => out.push(c));
    child.stderr?.on('data', (c: Buffer) => err.push(c));
    if (opts.input !== undefined && child.stdin) {
      child.stdin.on('error', () => undefined);
      child.stdin.end(opts.input);
    }
    let done = false;
    let graceTimer: NodeJS.Timeout | undefined;
    const finish = (exitCode: number | null, signal: string | null, cause?: unknown): void => {
      if (done) return;
      done = true;
      if (timer) clearTimeout(timer);
      if (killTimer) clearTimeout(killTimer);
      if (graceTimer) clearTimeout(graceTimer);
      const result: ProcResult = {
        argv, cwd, exitCode, signal,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: cause ? String((cause as Error).message ?? cause) : Buffer.concat(err).toString('utf8'),
        durationMs: Math.round(performance.now() - started),
        timedOut,
      };
      if (cause || timedOut || (exitCode !== 0 && opts.reject !== false)) reject(new ProcError(result, undefined, cause));
      else resolve(result);
    };
    child.on('error', (e) => finish(null, null, e));
    child.on('close', (code, signal) => finish(code, signal));
    // A tmux client hands its output pipes to the server: when the server is wedged the pipes
    // may never close after the client itself exited. Finish on `exit` after a short grace period
    // so a timeout always returns (and drop the pipes).
    child.on('exit', (code, signal) => {
      graceTimer = setTimeout(() => {
        child.stdout?.destroy();
        child.stderr?.destroy();
        finish(code, signal);
      }, timedOut ? 50 : 500);
    });
  });
}

export interface StreamOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  timeoutMs: number;
  /** Called with each stdout chunk as it arrives (transcripts are written incrementally). */
  onStdout?: (chunk: string) => void;
  onStderr?: (chunk: string) => void;
  /** Aborting kills the process (the engine stopping). */
  signal?: AbortSignal;
}

/**
 * Run a long one-shot (a brain or headless CLI) with stdin closed, streaming its output.
 * Never throws for a non-zero exit; inspect `exitCode`/`timedOut`. Throws ProcError only when the
 * executable cannot be started.
 */
export async function runStreaming(argv: string[], opts: StreamOptions): Promise<ProcResult> {
  const { execa } = await import('execa');
  const [file, ...args] = argv;
  if (!file) throw new LoopError('proc', 'runStreaming: empty argv');
  const cwd = opts.cwd ?? process.cwd();
  const started = performance.now();
  const sub = execa(file, args, {
    cwd, env: childEnv(opts.env), extendEnv: false, stdin: 'ignore', reject: false,
    timeout: opts.timeoutMs, forceKillAfterDelay: 5000, buffer: true, encoding: 'utf8', stripFinalNewline: false,
    ...(opts.signal ? { cancelSignal: opts.signal } : {}),
  });
  sub.stdout?.on('data', (c: Buffer) => opts.onStdout?.(c.toString('utf8')));
  sub.stderr?.on('data', (c: Buffer) => opts.onStderr?.(c.toString('utf8')));
  const r = await sub;
  const result: ProcResult = {
    argv, cwd,
    exitCode: r.exitCode ?? null,
    signal: r.signal ?? null,
    stdout: typeof r.stdout === 'string' ? r.stdout : '',
    stderr: typeof r.stderr === 'string' ? r.stderr : '',
    durationMs: Math.round(performance.now() - started),
    timedOut: r.timedOut,
  };
  if (r.failed && r.exitCode === undefined && !r.timedOut && !r.isTerminated) {
    throw new ProcError(result, `could not start ${file}: ${r.originalMessage ?? r.shortMessage}`, r.cause);
  }
  return result;
}

/**
 * Start a detached background process (the engine daemon) in its own session, with stdout and
 * stderr appended to `logFile`. Returns its pid at once; the caller polls for readiness.
 */
export function spawnDetached(argv: string[], opts: { cwd?: string; env?: Record<string, string | undefined>; logFile: string }): number {
  const [file, ...args] = argv;
  if (!file) throw new LoopError('proc', 'spawnDetached: empty argv');
  const fd = openSync(opts.logFile, 'a');
  try {
    const child = spawn(file, args, { cwd: opts.cwd, env: childEnv(opts.env), detached: true, stdio: ['ignore', fd, fd] });
    if (child.pid === undefined) throw new LoopError('proc', `could not start ${argv.join(' ')}`);
    child.unref();
    return child.pid;
  } finally {
    closeSync(fd);
  }
}

/** Find an executable on PATH (no shell). Returns its absolute path or null. */
export async function which(name: string, pathEnv = process.env.PATH ?? ''): Promise<string | null> {
  const { access, constants } = await import('node:fs/promises');
  const { join, isAbsolute } = await import('node:path');
  if (name.includes('/')) {
    try { await access(name, constants.X_OK); return isAbsolute(name) ? name : join(process.cwd(), name); } catch { return null; }
  }
  for (const dir of pathEnv.split(':')) {
    if (!dir) continue;
    const p = join(dir, name);
    try { await access(p, constants.X_OK); return p; } catch { /* next */ }
  }
  return null;
}
