/**
 * Git and process probes for the headless drive (spec/engine.md §3 "Git helpers", process probe),
 * through the substrate's one spawn point. None of them throws: a failure is a null/false/"dirty"
 * answer (git) or an `unknown` state (ps), exactly as the spec's fail-safe defaults say.
 */
import { run } from '../../substrate/proc/run.js';
import { describeError } from '../../substrate/errors.js';

/** `git rev-parse <ref>` in `cwd` (5 s); null on any failure. */
export async function branchHead(cwd: string, ref: string): Promise<string | null> {
  try {
    const r = await run(['git', 'rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { cwd, timeoutMs: 5000, reject: false });
    const sha = r.stdout.trim();
    return r.exitCode === 0 && /^[0-9a-f]{7,64}$/.test(sha) ? sha : null;
  } catch { return null; }
}

/** `git merge-base --is-ancestor a b` in `cwd` (5 s); false on any failure. */
export async function isAncestor(cwd: string, a: string, b: string): Promise<boolean> {
  try { return (await run(['git', 'merge-base', '--is-ancestor', a, b], { cwd, timeoutMs: 5000, reject: false })).exitCode === 0; } catch { return false; }
}

/**
 * `git status --porcelain` non-empty; any failure counts as dirty (never build over unknown state).
 * Entries under `.loop/` (the drive's own build logs) do not count.
 */
export async function worktreeDirty(cwd: string): Promise<boolean> {
  try {
    const r = await run(['git', 'status', '--porcelain'], { cwd, timeoutMs: 5000, reject: false });
    return r.exitCode !== 0 || r.stdout.split('\n').some((l) => l.trim() !== '' && !/^.. "?\.loop\//.test(l));
  } catch { return true; }
}

export type ProcProbe = { state: 'gone' } | { state: 'alive'; command: string } | { state: 'unknown'; error: string };

/** `ps -p PID -o command=` (2 s): gone (no such process or pid ≤ 1 / not an int), alive + command, or unknown. */
export async function probeProcess(pid: unknown): Promise<ProcProbe> {
  if (typeof pid !== 'number' || !Number.isInteger(pid) || pid <= 1) return { state: 'gone' };
  try {
    const r = await run(['ps', '-p', String(pid), '-o', 'command='], { timeoutMs: 2000, reject: false });
    if (r.timedOut) return { state: 'unknown', error: 'ps timed out' };
    if (r.exitCode !== 0) return { state: 'gone' };
    return { state: 'alive', command: r.stdout.trim() };
  } catch (e) { return { state: 'unknown', error: describeError(e) }; }
}

/**
 * Terminate the process group led by `pid` (TERM, then KILL after `graceMs`). Only when the
 * process leads its own group (the detached runners do). Returns an error text for a real failure
 * other than "no such process", else null.
 */
export async function killGroup(pid: number, graceMs = 2000): Promise<string | null> {
  try {
    const r = await run(['ps', '-o', 'pgid=', '-p', String(pid)], { timeoutMs: 2000, reject: false });
    if (r.exitCode !== 0) return null;
    if (Number(r.stdout.trim()) !== pid) return `pid ${pid} does not lead its process group; not killed`;
    process.kill(-pid, 'SIGTERM');
    const deadline = Date.now() + graceMs;
    while (Date.now() < deadline) {
      try { process.kill(pid, 0); } catch { return null; }
      await new Promise((res) => setTimeout(res, 100));
    }
    process.kill(-pid, 'SIGKILL');
    return null;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH' ? null : describeError(e);
  }
}
