/**
 * One accounted brain call (spec/engine.md §11.2–11.6): the hour budget is checked before anything
 * runs (non-builtin brains; a budget error starts no process and writes no row), then every call —
 * success or failure — becomes a `brain_calls` row (prompt bytes, tokens, cost, failure kind) and
 * events: `brain-call`, `brain-usage` (tokens and cost, with their sources), or `brain-failed`
 * {failure_kind, stderr_excerpt} that the daemon's backoff reads.
 */
import { contractTs } from '../../substrate/observe.js';
import { describeError } from '../../substrate/errors.js';
import type { EngineContext } from '../context.js';
import { BrainError, type Brain, type BrainContext, type BrainResult } from './types.js';

/** Calls counted against `brain.max_calls_per_hour` in the hour before `now`. */
export function callsLastHour(ctx: EngineContext): number {
  return ctx.store.brainCallsSince(contractTs(new Date(ctx.now().getTime() - 3600_000))).calls;
}

/** @throws BrainError (budget exhaustion, or the brain's own failure, already recorded). */
export async function callBrain(ctx: EngineContext, brain: Brain, prompt: string, bctx: BrainContext): Promise<BrainResult> {
  const promptBytes = Buffer.byteLength(prompt);
  if (brain.name !== 'builtin') {
    const used = callsLastHour(ctx);
    if (used >= ctx.config.brain.max_calls_per_hour) {
      const be = new BrainError(`brain budget exhausted: ${used} calls in the last hour (max_calls_per_hour ${ctx.config.brain.max_calls_per_hour})`, 'exit', '', null);
      ctx.emit('brain-failed', { brain: brain.name, error: be.message, failure_kind: 'exit', stderr_excerpt: '', budget: true });
      throw be;
    }
  }
  const started = ctx.ts();
  try {
    const r = await brain.decide(prompt, bctx, {});
    const u = r.usage;
    ctx.store.addBrainCall({ started_at: started, brain: brain.name, harness: r.harness, model: r.model, duration_ms: r.durationMs, failure_kind: null, prompt_bytes: promptBytes, response_bytes: Buffer.byteLength(r.text), input_tokens: u?.input_tokens ?? null, output_tokens: u?.output_tokens ?? null, cost_usd: u?.cost_usd ?? null, prompt_path: r.promptPath, response_path: r.responsePath });
    ctx.emit('brain-call', { brain: brain.name, harness: r.harness, prompt_bytes: promptBytes, duration_ms: r.durationMs, prompt_path: r.promptPath, response_path: r.responsePath });
    if (brain.name !== 'builtin') {
      ctx.emit('brain-usage', { harness: r.harness, model: r.model, usage_source: u ? (brain.name.startsWith('ollama') ? 'ollama' : 'stream-json') : 'unavailable', cost_source: u?.cost_source ?? (u ? (u.cost_usd === null ? 'unpriced' : 'provider') : 'unavailable'), cost_usd: u?.cost_usd ?? null, input_tokens: u?.input_tokens ?? null, output_tokens: u?.output_tokens ?? null, attempt_status: 'success' });
    }
    return r;
  } catch (e) {
    const be = e instanceof BrainError ? e : new BrainError(describeError(e), 'exit', '', null);
    ctx.store.addBrainCall({ started_at: started, brain: brain.name, harness: null, model: null, duration_ms: null, failure_kind: be.failureKind, prompt_bytes: promptBytes, response_bytes: null, input_tokens: null, output_tokens: null, cost_usd: null, prompt_path: be.promptPath, response_path: null });
    ctx.emit('brain-failed', { brain: brain.name, error: be.message, failure_kind: be.failureKind, stderr_excerpt: be.stderrExcerpt });
    throw be;
  }
}
