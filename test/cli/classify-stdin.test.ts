/**
 * `loop lane-status --classify-stdin [HARNESS]` as a process: the classifier seam with no tmux
 * (spec/substrate.md §6.1, §15.2; acceptance 35–42). The full rule chain is unit-tested beside
 * substrate/readiness.ts; this proves the CLI wiring: stdin in, one word out, harness markers,
 * LOOP_LANE_IDLE_HOME_PATTERN, exit 0 for every word.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertBuilt, runCli, ROOT } from '../helpers/cli.js';

beforeAll(() => assertBuilt());

const FOOTER = ['', '  ⏎ send   ⌃J newline', '  model · 98% context left', '  ~/src/shop', '  ?'];
const classify = async (text: string, harness?: string, env: Record<string, string | undefined> = {}): Promise<string> => {
  const r = await runCli('loop', ['lane-status', '--classify-stdin', ...(harness ? [harness] : [])], { input: text, env: { LOOP_LANE_IDLE_HOME_PATTERN: undefined, ...env } });
  if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.stderr}`);
  expect(r.stdout).toMatch(/^(working|awaiting-approval|idle|errored|unknown)\n$/);
  return r.stdout.trim();
};
const screen = (f: string): string => readFileSync(join(ROOT, 'test', 'fixtures', 'screens', f), 'utf8');

/** §15.2 fixtures: text → word, the same with and without the named harness. */
const CASES: Array<[string, string, string, string]> = [
  ['claude working', '✻ Crunching… (12s · esc to interrupt)', 'claude', 'working'],
  ['claude idle', '╭──╮\n│ > │\n╰──╯\n  ? for shortcuts · accept edits on', 'claude', 'idle'],
  ['codex working', ['• Working (5s • esc to interrupt)', ...FOOTER].join('\n'), 'codex', 'working'],
  ['pi working', ['⠙ Working…', ...FOOTER].join('\n'), 'pi', 'working'],
  ['themed shell', 'some output\n➜  repo git:(main) ✗ ', 'claude', 'idle'],
  ['bare $ prompt', 'ls\nfile\n$ ', 'claude', 'idle'],
  ['approval', 'Bash(rm -rf build)\nDo you want to proceed?\n❯ 1. Yes\n  2. No', 'claude', 'awaiting-approval'],
  ['fatal', 'starting\nFATAL: kaboom', 'claude', 'errored'],
];

describe('loop lane-status --classify-stdin', () => {
  it('the §15.2 fixtures give the same word with and without the named harness', async () => {
    const got = await Promise.all(CASES.map(async ([what, text, harness]) => [what, await classify(text, harness), await classify(text)]));
    expect(got).toEqual(CASES.map(([what, , , want]) => [what, want, want]));
  });

  it('more than one positional after --classify-stdin is a usage error (exit 2), not silently ignored', async () => {
    const r = await runCli('loop', ['lane-status', '--classify-stdin', 'claude', 'extra'], { input: 'x\n' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('at most one HARNESS');
  });

  it('a LOOP_LANE_IDLE_HOME_PATTERN that does not compile is reported on stderr (and ignored), not dropped silently', async () => {
    const r = await runCli('loop', ['lane-status', '--classify-stdin'], { input: 'x\n', env: { LOOP_LANE_IDLE_HOME_PATTERN: '(' } });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('unknown\n');
    expect(r.stderr).toMatch(/^warning: LOOP_LANE_IDLE_HOME_PATTERN is not a valid regular expression .*; ignored\n$/);
  });

  it('`Running...` alone: working on heuristics, unknown with harness claude (its marker wins); an unknown harness falls back to heuristics', async () => {
    expect(await Promise.all([classify('Running...'), classify('Running...', 'claude'), classify('Running...', 'no-such-harness')])).toEqual(['working', 'unknown', 'working']);
  });

  it('acceptance 35 + 41: `user@host:~$` and `coverage 87%` are unknown; LOOP_LANE_IDLE_HOME_PATTERN makes a custom home screen idle', async () => {
    expect(await Promise.all([
      classify('user@host:~$ '), classify('tests passed\ncoverage 87%'), classify('MyHarness ready'),
      classify('MyHarness ready', undefined, { LOOP_LANE_IDLE_HOME_PATTERN: 'MyHarness ready' }),
    ])).toEqual(['unknown', 'unknown', 'unknown', 'idle']);
  });

  it('acceptance 42: box-drawing chrome never reads working, under a C locale too', async () => {
    expect(await classify('│ > │\n  accept edits on', undefined, { LANG: 'C', LC_ALL: 'C' })).toBe('idle');
  });

  it('empty input → unknown; captured screens of real harnesses classify with their markers', async () => {
    expect(await Promise.all([
      classify(''), classify(screen('claude-working.reconstructed.txt'), 'claude'), classify(screen('claude-approval.reconstructed.txt'), 'claude'),
      classify(screen('demo-working.txt'), 'demo'), classify(screen('gemini-idle.reconstructed.txt'), 'gemini'), classify(screen('codex-idle.reconstructed.txt'), 'codex'),
      classify(screen('codex-idle.reconstructed.txt'), 'codex', { LOOP_LANE_IDLE_HOME_PATTERN: String.raw`gpt-5\.5.*·` }),
    ])).toEqual(['unknown', 'working', 'awaiting-approval', 'working', 'idle', 'unknown', 'idle']);
  });
});
