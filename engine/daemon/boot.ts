/**
 * Boot validation (spec/engine.md §4.14) for `once`, `watch` and `restart`, before anything else:
 * a `cli` brain must name a registered harness with a one-shot template (unless
 * LOOP_ENGINE_BRAIN_CMD replaces it); an `ollama` brain needs a model. Pure over config + env.
 * Any problem → the CLI prints each as `error: …` and exits 2; nothing is written.
 */
import { getHarness } from '../../substrate/harness/registry.js';
import { LoopError } from '../../substrate/errors.js';
import type { EngineConfig } from '../config.js';

/** Problems that stop the engine from booting ([] = fine). */
export function bootProblems(config: EngineConfig, env: NodeJS.ProcessEnv = process.env): string[] {
  const b = config.brain;
  if (b.kind === 'cli' && !env.LOOP_ENGINE_BRAIN_CMD) {
    const h = getHarness(b.harness);
    if (!h) return [`brain.harness '${b.harness}' is not a registered harness (lane-config.yaml)`];
    if (!h.oneshot_template) return [`brain.harness '${b.harness}' has no one-shot mode (empty oneshot_template) — it cannot run as the brain (lane-config.yaml)`];
  }
  if (b.kind === 'ollama' && !b.model) return ['brain.model is required for brain.kind ollama (e.g. model: qwen2.5:7b) (lane-config.yaml)'];
  return [];
}

/** @throws LoopError boot-invalid (exit 2) listing every problem. */
export function assertBootable(config: EngineConfig, env: NodeJS.ProcessEnv = process.env): void {
  const p = bootProblems(config, env);
  if (p.length) throw new LoopError('boot-invalid', p.join('\nerror: '), { exitCode: 2, hint: 'fix the engine: section of lane-config.yaml, or set LOOP_ENGINE_BRAIN_CMD' });
}
