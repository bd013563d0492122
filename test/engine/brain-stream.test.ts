/**
 * The cli brain's stream modes with real processes (fake executables in Node): claude stream-json
 * is rendered live into the response transcript (raw events in .stream.jsonl) and its result,
 * usage and provider cost are captured; a stream whose result is an error fails the attempt;
 * codex `exec` runs with `--json` inserted, its agent messages form the reply and its usage is
 * priced from codex_pricing.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CliBrain } from '../../engine/brain/cli.js';
import { BrainError } from '../../engine/brain/types.js';
import { FIXTURE_BIN } from '../helpers/engine.js';


describe('cli brain stream modes', () => {
  let dir = '';
  const saved = { ...process.env };
  beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'loopdeck-stream-')); });
  afterAll(() => { process.env = saved; rmSync(dir, { recursive: true, force: true }); });
  const brain = (override: string, extra: Partial<ConstructorParameters<typeof CliBrain>[0]> = {}) => new CliBrain({ harness: 'claude', override, extraArgs: [], timeoutMs: 20_000, maxRetries: 0, cwd: dir, transcriptDir: join(dir, 'brain'), now: () => new Date(), ...extra });

  it('claude stream-json: rendered live, result text, usage and provider cost', async () => {
    process.env.FAKE_STREAM = 'claude';
    const chunks: string[] = [];
    const r = await brain(`${join(FIXTURE_BIN, 'fake-stream-brain')} --output-format stream-json {prompt}`, { stream: true, onChunk: (_p, t) => chunks.push(t) }).decide('P');
    expect(r.text).toContain('```decision');
    expect(r.text).toContain('critique: "streamed"');
    expect(r.usage).toEqual({ input_tokens: 100, output_tokens: 40, cost_usd: 0.0123, cost_source: 'provider' });
    expect(r.model).toBe('claude-test');
    const shown = readFileSync(r.responsePath!, 'utf8');
    expect(shown).toContain('=== claude-test session=s1');
    expect(shown).toContain('not json at all');
    expect(shown).toContain('pondering');
    expect(shown).toContain('[tool] Read /x/y.md');
    expect(shown).toContain('Here it is.');
    expect(shown).toContain('=== result: success ===');
    expect(chunks.join('')).toBe(shown);
    expect(readFileSync(r.responsePath!.replace('.response.md', '.stream.jsonl'), 'utf8')).toContain('"type":"result"');
  });

  it('a claude stream whose result is an error fails the attempt (exit kind)', async () => {
    process.env.FAKE_STREAM = 'claude-error';
    const e = (await brain(`${join(FIXTURE_BIN, 'fake-stream-brain')} --output-format stream-json`, { stream: true }).decide('P').catch((x: unknown) => x)) as BrainError;
    expect(e).toBeInstanceOf(BrainError);
    expect(e.failureKind).toBe('exit');
    expect(e.message).toMatch(/stream result is an error/);
  });

  it('codex exec: --json inserted before the prompt, agent messages, priced usage', async () => {
    process.env.FAKE_STREAM = 'codex';
    const log = join(dir, 'codex.log');
    process.env.FAKE_STREAM_LOG = log;
    const codex = join(dir, 'codex');
    symlinkSync(join(FIXTURE_BIN, 'fake-stream-brain'), codex);
    const r = await brain(`${codex} exec --skip-git-repo-check {prompt}`, { codexPricing: { input: 1, cached: 0.1, output: 10 } }).decide('P');
    expect(JSON.parse(readFileSync(log, 'utf8').trim())).toEqual(['exec', '--skip-git-repo-check', '--json']);
    expect(r.text).toContain('```decision');
    expect(r.text).not.toContain('hidden');
    // input 1500 (200 cached), output 160: (1300·1 + 200·0.1 + 160·10) / 1e6
    expect(r.usage!.input_tokens).toBe(1500);
    expect(r.usage!.output_tokens).toBe(160);
    expect(r.usage!.cost_usd).toBeCloseTo((1300 + 20 + 1600) / 1e6, 12);
    expect(r.usage!.cost_source).toBe('computed');
  });
});
