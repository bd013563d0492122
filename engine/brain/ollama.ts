/**
 * The `ollama` brain (DESIGN.md §6, spec/engine.md §11): one `/api/chat` call through the `ollama`
 * package against a configurable host, with the decision JSON Schema as the structured-output
 * `format` (so a local model cannot answer with an unparseable block) and the reply streamed into
 * the response transcript as it arrives (live-tailable; `transcript.chunk` notifications).
 * Failures are classified like any brain's (spec §11.3): HTTP 404 / "model … not found" →
 * model-unavailable, 429 or a quota message → quota, the deadline → timeout, anything else → exit.
 * Tokens come from `prompt_eval_count` / `eval_count`; a local model costs 0 USD.
 */
import { appendFileSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { Ollama } from 'ollama';
import { BrainError, type Brain, type BrainResult, type FailureKind } from './types.js';
import { classifyFailure, stderrExcerpt } from './classify-failure.js';
import { transcriptBase } from './cli.js';
import { decisionJsonSchema, fenceJson } from './decision-schema.js';

export interface OllamaBrainOptions {
  /** Server URL, e.g. http://127.0.0.1:11434 (default: $OLLAMA_HOST, else that). */
  host: string;
  model: string;
  stream: boolean;
  timeoutMs: number;
  maxRetries: number;
  transcriptDir: string;
  now: () => Date;
  onChunk?: (path: string, text: string) => void;
  onRetry?: (attempt: number, error: string) => void;
  signal?: AbortSignal;
}

/** Classify an error thrown by the ollama client (pure). */
export function classifyOllamaError(e: unknown, timedOut: boolean): { kind: FailureKind; message: string } {
  const status = (e as { status_code?: number }).status_code;
  const message = timedOut ? 'timed out' : (e as Error)?.message ?? String(e);
  if (timedOut) return { kind: 'timeout', message };
  if (status === 404 || /model .{0,80}not found/i.test(message)) return { kind: 'model-unavailable', message: `model unavailable: ${message}` };
  if (status === 429) return { kind: 'quota', message: `rate limit: ${message}` };
  const cause = (e as { cause?: { code?: string } })?.cause?.code;
  return { kind: classifyFailure('', message, false), message: cause ? `${message} (${cause})` : message };
}

export class OllamaBrain implements Brain {
  readonly name: string;
  constructor(private readonly o: OllamaBrainOptions) { this.name = `ollama:${o.model}`; }

  async decide(prompt: string): Promise<BrainResult> {
    mkdirSync(this.o.transcriptDir, { recursive: true });
    const base = transcriptBase(this.o.transcriptDir, this.o.now());
    const promptPath = `${base}.prompt.md`;
    const responsePath = `${base}.response.md`;
    const stderrPath = `${base}.stderr.txt`;
    writeFileSync(promptPath, prompt);
    const t0 = performance.now();
    let last = { message: 'ollama brain failed', kind: 'exit' as FailureKind };
    for (let attempt = 1; attempt <= 1 + this.o.maxRetries; attempt++) {
      writeFileSync(responsePath, '');
      const timer = new AbortController();
      const t = setTimeout(() => timer.abort(), this.o.timeoutMs);
      const signal = this.o.signal ? AbortSignal.any([timer.signal, this.o.signal]) : timer.signal;
      const client = new Ollama({ host: this.o.host, fetch: (input, init) => fetch(input, { ...init, signal }) });
      try {
        let text = '';
        let usage = { input_tokens: null as number | null, output_tokens: null as number | null };
        let model = this.o.model;
        const request = { model: this.o.model, messages: [{ role: 'user', content: prompt }], format: decisionJsonSchema(), options: { temperature: 0 } };
        if (this.o.stream) {
          const parts = await client.chat({ ...request, stream: true });
          for await (const part of parts) {
            const c = part.message?.content ?? '';
            if (c) { text += c; appendFileSync(responsePath, c); this.o.onChunk?.(responsePath, c); }
            if (part.done) { usage = { input_tokens: part.prompt_eval_count ?? null, output_tokens: part.eval_count ?? null }; model = part.model || model; }
          }
        } else {
          const r = await client.chat({ ...request, stream: false });
          text = r.message?.content ?? '';
          appendFileSync(responsePath, text);
          this.o.onChunk?.(responsePath, text);
          usage = { input_tokens: r.prompt_eval_count ?? null, output_tokens: r.eval_count ?? null };
          model = r.model || model;
        }
        return { text: fenceJson(text), harness: 'ollama', model, usage: { ...usage, cost_usd: 0 }, promptPath, responsePath, durationMs: Math.round(performance.now() - t0) };
      } catch (e) {
        last = classifyOllamaError(e, timer.signal.aborted);
        appendFileSync(stderrPath, `attempt ${attempt}: ${last.message}\n`);
        if (this.o.signal?.aborted) { last = { message: 'cancelled: the engine is stopping', kind: 'exit' }; break; }
        if (attempt <= this.o.maxRetries) this.o.onRetry?.(attempt, last.message);
      } finally { clearTimeout(t); }
    }
    rmSync(responsePath, { force: true });
    throw new BrainError(last.kind === 'timeout' ? `timed out after ${Math.round(this.o.timeoutMs / 1000)}s` : last.message, last.kind, stderrExcerpt(last.message), promptPath);
  }
}
