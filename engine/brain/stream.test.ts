import { describe, it, expect } from 'vitest';
import { ClaudeStream, CodexStream, streamMode } from './stream.js';

describe('stream modes (spec §11.1)', () => {
  it('picks codex for `codex exec`, claude stream-json when asked, warns otherwise', () => {
    expect(streamMode(['codex', 'exec', 'P'], false)).toEqual({ mode: 'codex', argv: ['codex', 'exec', '--json', 'P'], unsupported: false });
    expect(streamMode(['/usr/bin/claude', '-p', 'P'], true).argv).toEqual(['/usr/bin/claude', '-p', 'P', '--output-format', 'stream-json', '--verbose']);
    expect(streamMode(['gemini', '-p', 'P'], true)).toEqual({ mode: 'plain', argv: ['gemini', '-p', 'P'], unsupported: true });
    expect(streamMode(['claude', '-p', 'P'], false).mode).toBe('plain');
  });
});

describe('claude stream-json accounting (spec §11.6)', () => {
  const run = (events: unknown[]): ReturnType<ClaudeStream['outcome']> => {
    const s = new ClaudeStream();
    const raw = events.map((e) => JSON.stringify(e) + '\n').join('');
    s.feed(raw.slice(0, 7)); s.feed(raw.slice(7)); s.end();
    return s.outcome(raw);
  };
  it('zero provider cost with tokens is unpriced; a model lacking costUSD is unpriced; no usage is unavailable', () => {
    expect(run([{ type: 'result', subtype: 'success', result: 'x', usage: { input_tokens: 3 }, total_cost_usd: 0 }])).toMatchObject({ cost_usd: null, cost_source: 'unpriced' });
    expect(run([{ type: 'result', subtype: 'success', result: 'x', usage: { input_tokens: 3 }, modelUsage: { a: { costUSD: 1 }, b: {} } }])).toMatchObject({ cost_usd: null, cost_source: 'unpriced', model: 'a,b' });
    expect(run([{ type: 'result', subtype: 'success', result: 'x' }])).toMatchObject({ cost_source: 'unavailable', usage: null });
    expect(run([{ type: 'assistant', message: { content: [{ type: 'text', text: 'only text' }] } }]).text).toBe('only text');
  });
});

describe('codex pricing (spec §11.6)', () => {
  it('doubles input rates above the long-context threshold; no pricing is unpriced', () => {
    const s = new CodexStream({ input: 1, output: 2, long_context_threshold: 100 });
    s.feed(JSON.stringify({ type: 'turn.completed', usage: { input_tokens: 200, output_tokens: 10 } }) + '\n');
    expect(s.outcome('').cost_usd).toBeCloseTo((200 * 2 + 10 * 3) / 1e6, 12);
    const n = new CodexStream({});
    n.feed(JSON.stringify({ type: 'turn.completed', usage: { input_tokens: 1, output_tokens: 1 } }) + '\n');
    expect(n.outcome('').cost_source).toBe('unpriced');
  });
});
