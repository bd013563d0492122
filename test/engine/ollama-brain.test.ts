/**
 * The `ollama` brain against a real HTTP server on 127.0.0.1 (node:http) speaking the Ollama
 * `/api/chat` API, streaming (NDJSON) and not: the decision JSON Schema arrives as `format`, the
 * reply streams into the response transcript, usage is captured, and failures are classified
 * (404 → model-unavailable, 429 → quota, a stalled server → timeout). The parser accepts what it
 * returns.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createServer, type Server, type IncomingMessage, type ServerResponse } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OllamaBrain } from '../../engine/brain/ollama.js';
import { BrainError } from '../../engine/brain/types.js';
import { parseDecision } from '../../engine/cycle/parse-decision.js';

const decision = { version: 1, critique: 'local model: nothing verified yet', actions: [{ kind: 'dispatch', lane: 'web', payload: 'run the tests `npm test`', rationale: 'T0001 is ready', task: 'T0001' }] };

describe('ollama brain over real HTTP', () => {
  let server: Server;
  let host = '';
  let dir = '';
  const requests: Array<Record<string, unknown>> = [];
  let behaviour: 'ok' | 'missing' | 'rate' | 'stall' = 'ok';
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'loopdeck-ollama-'));
    server = createServer((req: IncomingMessage, res: ServerResponse) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        if (req.url !== '/api/chat') { res.writeHead(404).end(); return; }
        const r = JSON.parse(body) as Record<string, unknown>;
        requests.push(r);
        if (behaviour === 'missing') { res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: `model "${String(r.model)}" not found, try pulling it first` })); return; }
        if (behaviour === 'rate') { res.writeHead(429, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'too many requests' })); return; }
        if (behaviour === 'stall') { res.writeHead(200, { 'content-type': 'application/x-ndjson' }); return; } // never finishes
        const text = JSON.stringify(decision, null, 2);
        const done = { model: r.model, created_at: new Date().toISOString(), done: true, done_reason: 'stop', total_duration: 1, load_duration: 1, prompt_eval_count: 321, prompt_eval_duration: 1, eval_count: 54, eval_duration: 1 };
        if (r.stream === false) {
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ...done, message: { role: 'assistant', content: text } }));
          return;
        }
        res.writeHead(200, { 'content-type': 'application/x-ndjson' });
        const pieces = text.match(/[\s\S]{1,17}/g)!;
        for (const p of pieces) res.write(JSON.stringify({ model: r.model, created_at: new Date().toISOString(), message: { role: 'assistant', content: p }, done: false }) + '\n');
        res.end(JSON.stringify({ ...done, message: { role: 'assistant', content: '' } }) + '\n');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const a = server.address() as { port: number };
    host = `http://127.0.0.1:${a.port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    rmSync(dir, { recursive: true, force: true });
  });

  const brain = (stream: boolean, timeoutMs = 10_000, chunks: string[] = []) => new OllamaBrain({ host, model: 'qwen2.5:7b', stream, timeoutMs, maxRetries: 0, transcriptDir: dir, now: () => new Date(), onChunk: (_p, t) => chunks.push(t) });

  for (const stream of [true, false]) {
    it(`${stream ? 'streams' : 'answers'}: schema as format, transcript, usage, a parseable block`, async () => {
      behaviour = 'ok';
      const chunks: string[] = [];
      const r = await brain(stream, 10_000, chunks).decide('PROMPT');
      const req = requests[requests.length - 1]!;
      expect(req.model).toBe('qwen2.5:7b');
      expect(req.stream).toBe(stream);
      expect((req.messages as Array<{ content: string }>)[0]!.content).toBe('PROMPT');
      const format = req.format as { required: string[]; properties: { actions: { items: { properties: { kind: { enum: string[] } } } } } };
      expect(format.required).toEqual(['version', 'critique', 'actions']);
      expect(format.properties.actions.items.properties.kind.enum).toContain('dispatch');
      expect(r.usage).toMatchObject({ input_tokens: 321, output_tokens: 54, cost_usd: 0 });
      expect(r.model).toBe('qwen2.5:7b');
      if (stream) expect(chunks.length).toBeGreaterThan(3);
      expect(readFileSync(r.responsePath!, 'utf8')).toBe(JSON.stringify(decision, null, 2));
      expect(readFileSync(r.promptPath!, 'utf8')).toBe('PROMPT');
      const parsed = parseDecision(r.text, { liveLanes: ['web'], worktreeLanes: [] });
      expect(parsed.ok, parsed.ok ? '' : parsed.error).toBe(true);
      if (parsed.ok) expect(parsed.decision.actions[0]).toMatchObject({ kind: 'dispatch', lane: 'web', payload: 'run the tests `npm test`', task: 'T0001' });
    });
  }

  it('classifies failures: missing model, rate limit, timeout; no response transcript kept', async () => {
    const kinds: string[] = [];
    for (const b of ['missing', 'rate', 'stall'] as const) {
      behaviour = b;
      const e = await brain(true, 1500).decide('P').catch((x: unknown) => x);
      expect(e).toBeInstanceOf(BrainError);
      kinds.push((e as BrainError).failureKind);
      expect(existsSync((e as BrainError).promptPath!.replace('.prompt.md', '.response.md'))).toBe(false);
    }
    expect(kinds).toEqual(['model-unavailable', 'quota', 'timeout']);
  });

  it('a server that is not there is an exit failure naming the cause', async () => {
    const b = new OllamaBrain({ host: 'http://127.0.0.1:9', model: 'm', stream: false, timeoutMs: 5000, maxRetries: 1, transcriptDir: dir, now: () => new Date() });
    const e = (await b.decide('P').catch((x: unknown) => x)) as BrainError;
    expect(e.failureKind).toBe('exit');
    expect(e.message).toMatch(/ECONNREFUSED|fetch failed/);
  });
});

describe('ollama brain in a real cycle', () => {
  it('decides through /api/chat; the brain_calls row carries prompt bytes, tokens and cost', async () => {
    const { makeBed } = await import('../helpers/engine.js');
    const { createContext } = await import('../../engine/context.js');
    const { runCycle } = await import('../../engine/cycle/run-cycle.js');
    const { EngineConfigSchema } = await import('../../engine/config.js');
    const bed = await makeBed({ lanes: '  web: { harness: demo }\n', tasks: [{ id: 'T0001', title: 'Only' }] });
    const reply = JSON.stringify({ version: 1, critique: 'local model; unverified', actions: [{ kind: 'dispatch', lane: 'web', payload: 'do T0001', rationale: 'ready', task: 'T0001' }] });
    const srv = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ model: 'tiny', created_at: new Date().toISOString(), done: true, done_reason: 'stop', message: { role: 'assistant', content: reply }, prompt_eval_count: Math.ceil(body.length / 4), eval_count: 33, total_duration: 1, load_duration: 1, prompt_eval_duration: 1, eval_duration: 1 })));
    });
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
    try {
      const config = EngineConfigSchema.parse({ brain: { kind: 'ollama', model: 'tiny', host: `http://127.0.0.1:${(srv.address() as { port: number }).port}` }, min_cycle_interval_s: 0 });
      const ctx = createContext({ root: bed.root, session: bed.session, socketName: bed.tmux.name, out: () => undefined, config });
      try {
        const r = await runCycle(ctx, { force: true, reasons: ['test'] });
        expect(r.rc).toBe(0);
        expect(r.decision!.brain).toBe('ollama:tiny');
        expect(r.decision!.actions[0]!.action).toMatchObject({ kind: 'dispatch', lane: 'web', task: 'T0001' });
        const row = ctx.store.lastBrainCall()!;
        expect(row).toMatchObject({ brain: 'ollama:tiny', harness: 'ollama', model: 'tiny', output_tokens: 33, cost_usd: 0, failure_kind: null });
        expect(row.prompt_bytes).toBeGreaterThan(100);
        expect(row.input_tokens).toBeGreaterThan(0);
        expect(ctx.store.events.tail(50).some((e) => e.type === 'brain-usage' && e.data.output_tokens === 33)).toBe(true);
      } finally { ctx.store.close(); }
    } finally {
      srv.closeAllConnections();
      await new Promise((r) => srv.close(r));
      await bed.cleanup();
    }
  });
});
