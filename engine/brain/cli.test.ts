import { describe, it, expect } from 'vitest';
import { brainArgv } from './cli.js';
import { harnessNames, getHarness } from '../../substrate/harness/registry.js';
import { streamMode } from './stream.js';

const PROMPT = 'line one\nit\'s "quoted" $(not a shell) `x`';

describe('cli brain argv for every registry harness (spec §11.1)', () => {
  for (const name of harnessNames()) {
    const t = getHarness(name)!.oneshot_template;
    it(`${name}: ${t ? 'the prompt is exactly one argv element' : 'no one-shot mode is a clear error'}`, () => {
      if (!t) { expect(() => brainArgv({ harness: name, extraArgs: [] }, PROMPT)).toThrow(/no one-shot mode/); return; }
      const argv = brainArgv({ harness: name, extraArgs: ['--model', 'm'] }, PROMPT);
      expect(argv.filter((a) => a === PROMPT)).toHaveLength(1);
      expect(argv.slice(-2)).toEqual(['--model', 'm']);
      expect(argv.some((a) => a.includes('{prompt}'))).toBe(false);
      const sm = streamMode(argv, true);
      if (name === 'codex') expect(sm.mode).toBe('codex');
      else if (name === 'claude') expect(sm.argv).toContain('stream-json');
      else expect(sm.unsupported).toBe(true);
    });
  }
  it('LOOP_ENGINE_BRAIN_CMD: {prompt} substituted, else appended; extra_args not appended', () => {
    expect(brainArgv({ harness: 'x', override: 'my-brain --flag {prompt} --after', extraArgs: ['no'] }, PROMPT)).toEqual(['my-brain', '--flag', PROMPT, '--after']);
    expect(brainArgv({ harness: 'x', override: "my-brain -p 'two words'", extraArgs: [] }, PROMPT)).toEqual(['my-brain', '-p', 'two words', PROMPT]);
  });
  it('an unknown harness is a clear error', () => {
    expect(() => brainArgv({ harness: 'nope', extraArgs: [] }, PROMPT)).toThrow(/not a registered harness/);
  });
});
