/**
 * A one-shot agent run for the headless ingest and the verify lenses (spec/engine.md §11.2, without
 * retries or streaming): prompt transcript written first, stdout appended to the response
 * transcript as it arrives, stderr beside it, a hard deadline. The argv comes from an override
 * command (`LOOP_ENGINE_INGEST_CMD`, `LOOP_VERIFY_CMD`) or the harness registry's one-shot template;
 * the prompt is always ONE argv element, never a shell word.
 */
import { appendFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { runStreaming } from '../../substrate/proc/run.js';
import { getHarness, oneshotArgv } from '../../substrate/harness/registry.js';
import { describeError, LoopError } from '../../substrate/errors.js';
import { classifyFailure, stderrExcerpt } from '../brain/classify-failure.js';
import { transcriptBase } from '../brain/cli.js';

export interface OneshotSpec { harness: string; override?: string; extraArgs?: string[]; autoApprove?: boolean }

/**
 * The argv for `prompt` (spec §11.1): override shell-split with `{prompt}` substituted (or appended),
 * else the registry template plus `extraArgs`, plus the registry auto_approve_flag when asked.
 * @throws LoopError unknown harness / no one-shot mode / bad template.
 */
export function oneshotCommand(s: OneshotSpec, prompt: string, label: string): string[] {
  if (s.override) return oneshotArgv(s.override.includes('{prompt}') ? s.override : `${s.override} {prompt}`, prompt);
  const h = getHarness(s.harness);
  if (!h) throw new LoopError('unknown-harness', `${label}.harness '${s.harness}' is not a registered harness`);
  if (!h.oneshot_template) throw new LoopError('no-oneshot', `${label}.harness '${s.harness}' has no one-shot mode (empty oneshot_template) — it cannot run as the ${label}`);
  const argv = [...oneshotArgv(h.oneshot_template, prompt), ...(s.extraArgs ?? [])];
  if (s.autoApprove && h.auto_approve_flag) argv.push(...h.auto_approve_flag.split(/\s+/).filter(Boolean));
  return argv;
}

export interface OneshotResult { ok: boolean; text: string; error: string | null; failureKind: string | null; timedOut: boolean; stderrExcerpt: string; promptPath: string; responsePath: string }

/** Run once. Never throws: spawn failures, non-zero exits and timeouts are `ok: false`. */
export async function runOneshot(argv: string[], o: { prompt: string; cwd: string; dir: string; timeoutMs: number; now: Date; signal?: AbortSignal }): Promise<OneshotResult> {
  mkdirSync(o.dir, { recursive: true });
  const base = transcriptBase(o.dir, o.now);
  const promptPath = `${base}.prompt.md`, responsePath = `${base}.response.md`, errPath = `${base}.stderr.txt`;
  writeFileSync(promptPath, o.prompt);
  writeFileSync(responsePath, '');
  writeFileSync(errPath, '');
  const fail = (error: string, kind: string, timedOut: boolean, stderr: string): OneshotResult => {
    rmSync(responsePath, { force: true });
    return { ok: false, text: '', error, failureKind: kind, timedOut, stderrExcerpt: stderrExcerpt(stderr), promptPath, responsePath };
  };
  try {
    const r = await runStreaming(argv, { cwd: o.cwd, timeoutMs: o.timeoutMs, signal: o.signal, onStdout: (c) => appendFileSync(responsePath, c), onStderr: (c) => appendFileSync(errPath, c) });
    if (r.timedOut) return fail(`timed out after ${Math.round(o.timeoutMs / 1000)} s`, classifyFailure(r.stdout, r.stderr, true), true, r.stderr);
    if (r.exitCode !== 0) return fail(`exit ${r.exitCode ?? r.signal}: ${r.stderr.trim().slice(0, 500)}`, classifyFailure(r.stdout, r.stderr, false), false, r.stderr);
    return { ok: true, text: r.stdout, error: null, failureKind: null, timedOut: false, stderrExcerpt: '', promptPath, responsePath };
  } catch (e) {
    return fail(`spawn failed: ${describeError(e)}`, 'exit', false, '');
  }
}
