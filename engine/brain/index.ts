/** Pick the brain from config and env (DESIGN.md §6; spec/engine.md §0 LOOP_ENGINE_BRAIN_CMD). */
import type { EngineContext } from '../context.js';
import { BuiltinBrain } from './builtin.js';
import { CliBrain } from './cli.js';
import { OllamaBrain } from './ollama.js';
import type { Brain } from './types.js';

/** builtin unless `brain.kind` is `cli` (LOOP_ENGINE_BRAIN_CMD wins over the registry) or `ollama`. */
export function makeBrain(ctx: EngineContext, env: NodeJS.ProcessEnv = process.env): Brain {
  const b = ctx.config.brain;
  if (b.kind === 'builtin') return new BuiltinBrain();
  const common = {
    timeoutMs: b.timeout_s * 1000, maxRetries: b.max_retries, transcriptDir: ctx.paths.transcripts, now: ctx.now,
    onChunk: (path: string, text: string) => ctx.notify('transcript.chunk', { path, text }),
    onRetry: (attempt: number, error: string) => { ctx.emit('brain-retry', { attempt, error }); },
    signal: ctx.signal,
  };
  if (b.kind === 'ollama') {
    return new OllamaBrain({ ...common, host: b.host || env.OLLAMA_HOST || 'http://127.0.0.1:11434', model: b.model || 'llama3.1', stream: b.stream });
  }
  return new CliBrain({
    ...common, harness: b.harness, override: env.LOOP_ENGINE_BRAIN_CMD || undefined, extraArgs: b.extra_args, cwd: ctx.root,
    stream: b.stream, codexPricing: b.codex_pricing,
    onWarning: (kind: string, data: Record<string, unknown>) => { ctx.emit('warning', { kind, ...data }); },
  });
}
