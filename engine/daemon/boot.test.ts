import { describe, it, expect } from 'vitest';
import { bootProblems } from './boot.js';
import { EngineConfigSchema } from '../config.js';

const cfg = (brain: Record<string, unknown>) => EngineConfigSchema.parse({ brain });

describe('boot validation (spec §4.14)', () => {
  it('accepts builtin, a cli harness with a one-shot template, an override, an ollama model', () => {
    expect(bootProblems(cfg({}))).toEqual([]);
    expect(bootProblems(cfg({ kind: 'cli', harness: 'claude' }), {})).toEqual([]);
    expect(bootProblems(cfg({ kind: 'cli', harness: 'shell' }), { LOOP_ENGINE_BRAIN_CMD: 'x' })).toEqual([]);
    expect(bootProblems(cfg({ kind: 'ollama', model: 'm' }))).toEqual([]);
  });
  it('refuses an unknown harness, one without a one-shot mode, ollama without a model', () => {
    expect(bootProblems(cfg({ kind: 'cli', harness: 'nope' }), {})[0]).toMatch(/'nope' is not a registered harness/);
    expect(bootProblems(cfg({ kind: 'cli', harness: 'shell' }), {})[0]).toMatch(/has no one-shot mode/);
    expect(bootProblems(cfg({ kind: 'ollama' }))[0]).toMatch(/brain.model is required/);
  });
});
