/** Pick the brain from config and env (DESIGN.md §6; spec/engine.md §0 LOOP_ENGINE_BRAIN_CMD). */
import type { EngineContext } from '../context.js';
import { BuiltinBrain } from './builtin.js';
import { CliBrain } from './cli.js';
import type { Brain } from './types.js';

/** builtin unless `brain.kind: cli`; the cli brain uses LOOP_ENGINE_BRAIN_CMD when set. */
export function makeBrain(ctx: EngineContext, env: NodeJS.ProcessEnv = process.env): Brain {
  const b = ctx.config.brain;
  if (b.kind === 'builtin') return new BuiltinBrain();
  return new CliBrain({
    harness: b.harness, override: env.LOOP_ENGINE_BRAIN_CMD || undefined, extraArgs: b.extra_args,
    timeoutMs: b.timeout_s * 1000, maxRetries: b.max_retries, cwd: ctx.root, transcriptDir: ctx.paths.transcripts, now: ctx.now,
    onChunk: (path, text) => ctx.notify('transcript.chunk', { path, text }),
    onRetry: (attempt, error) => { ctx.emit('brain-retry', { attempt, error }); },
    signal: ctx.signal,
  });
}
