/**
 * The `cli` brain (DESIGN.md §6, spec/engine.md §11): a harness one-shot template from the
 * registry (`claude -p {prompt}`, `codex exec {prompt}`, …) or `LOOP_ENGINE_BRAIN_CMD`, with the
 * prompt substituted as exactly ONE argv element — never through a shell. Transcripts are written
 * as the output arrives, so the deck can tail them; failed attempts are retried `max_retries` times.
 */
import { appendFileSync, mkdirSync, existsSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { runStreaming } from '../../substrate/proc/run.js';
import { getHarness, oneshotArgv } from '../../substrate/harness/registry.js';
import { BrainError, type Brain, type BrainResult } from './types.js';
import { classifyFailure, stderrExcerpt } from './classify-failure.js';
import { ClaudeStream, CodexStream, streamMode, type CodexPricing } from './stream.js';

/** Largest prompt passed as one argv element (Linux MAX_ARG_STRLEN is 131,072 bytes). */
export const MAX_ARGV_PROMPT_BYTES = 120_000;

export interface CliBrainOptions {
  harness: string;
  /** LOOP_ENGINE_BRAIN_CMD: replaces the registry template; `{prompt}` substituted or the prompt appended. */
  override?: string;
  extraArgs: string[];
  timeoutMs: number;
  maxRetries: number;
  cwd: string;
  transcriptDir: string;
  now: () => Date;
  onChunk?: (path: string, text: string) => void;
  onRetry?: (attempt: number, error: string) => void;
  signal?: AbortSignal;
  /** claude stream-json rendering (spec §11.1); codex `exec` always runs in its JSON mode. */
  stream?: boolean;
  codexPricing?: CodexPricing;
  onWarning?: (kind: string, data: Record<string, unknown>) => void;
}

/** Build the brain argv. @throws BrainError (kind exit) when the harness has no one-shot template. */
export function brainArgv(o: Pick<CliBrainOptions, 'harness' | 'override' | 'extraArgs'>, prompt: string): string[] {
  if (o.override) return oneshotArgv(o.override.includes('{prompt}') ? o.override : `${o.override} {prompt}`, prompt);
  const h = getHarness(o.harness);
  if (!h) throw new BrainError(`brain.harness '${o.harness}' is not a registered harness`, 'exit', '', null);
  if (!h.oneshot_template) throw new BrainError(`brain.harness '${o.harness}' has no one-shot mode (empty oneshot_template) — it cannot run as the brain`, 'exit', '', null);
  return [...oneshotArgv(h.oneshot_template, prompt), ...o.extraArgs];
}

/** A fresh transcript base name `<YYYYMMDD-HHMMSS>[-n]` in `dir`. */
export function transcriptBase(dir: string, now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  for (let n = 0; ; n++) {
    const base = join(dir, n ? `${stamp}-${n}` : stamp);
    if (!existsSync(`${base}.prompt.md`)) return base;
  }
}

export class CliBrain implements Brain {
  readonly name: string;
  constructor(private readonly o: CliBrainOptions) {
    this.name = o.override ? 'cli:LOOP_ENGINE_BRAIN_CMD' : `cli:${o.harness}`;
  }

  async decide(prompt: string): Promise<BrainResult> {
    // Linux refuses a single argv element of 128 KiB or more (MAX_ARG_STRLEN): say so plainly.
    const bytes = Buffer.byteLength(prompt);
    if (bytes > MAX_ARGV_PROMPT_BYTES) throw new BrainError(`prompt is ${bytes} bytes, over the ${MAX_ARGV_PROMPT_BYTES}-byte limit for passing it as one argument; trim ops-wiki/checkpoint.md and index.md`, 'exit', '', null);
    const sm = streamMode(brainArgv(this.o, prompt), Boolean(this.o.stream));
    if (sm.unsupported) this.o.onWarning?.('brain-stream-unsupported', { harness: this.o.harness });
    const argv = sm.argv;
    mkdirSync(this.o.transcriptDir, { recursive: true });
    const base = transcriptBase(this.o.transcriptDir, this.o.now());
    const promptPath = `${base}.prompt.md`;
    const responsePath = `${base}.response.md`;
    const stderrPath = `${base}.stderr.txt`;
    const streamPath = `${base}.stream.jsonl`;
    writeFileSync(promptPath, prompt);
    const t0 = performance.now();
    let last: { error: string; kind: ReturnType<typeof classifyFailure>; stderr: string } | null = null;
    for (let attempt = 1; attempt <= 1 + this.o.maxRetries; attempt++) {
      writeFileSync(responsePath, '');
      writeFileSync(stderrPath, '');
      if (sm.mode !== 'plain') writeFileSync(streamPath, '');
      // In a stream mode raw stdout goes to .stream.jsonl and the response file gets the rendered text.
      const renderer = sm.mode === 'claude' ? new ClaudeStream() : sm.mode === 'codex' ? new CodexStream(this.o.codexPricing) : null;
      const show = (text: string): void => { if (text) { appendFileSync(responsePath, text); this.o.onChunk?.(responsePath, text); } };
      let r;
      try {
        r = await runStreaming(argv, {
          cwd: this.o.cwd, timeoutMs: this.o.timeoutMs, signal: this.o.signal,
          onStdout: (c) => { if (renderer) { appendFileSync(streamPath, c); show(renderer.feed(c)); } else show(c); },
          onStderr: (c) => { appendFileSync(stderrPath, c); },
        });
      } catch (e) {
        last = { error: `spawn failed: ${(e as Error).message}`, kind: 'exit', stderr: '' };
        break;
      }
      if (renderer) show(renderer.end());
      const out = renderer?.outcome(r.stdout) ?? null;
      if (r.exitCode === 0 && !r.timedOut && !out?.error) {
        const usage = out?.usage ? { input_tokens: out.usage.input_tokens, output_tokens: out.usage.output_tokens, cost_usd: out.cost_usd, cost_source: out.cost_source } : null;
        return { text: out ? out.text : r.stdout, harness: this.o.override ? null : this.o.harness, model: out?.model ?? null, usage, promptPath, responsePath, durationMs: Math.round(performance.now() - t0) };
      }
      const kind = out?.error && r.exitCode === 0 && !r.timedOut ? 'exit' : classifyFailure(r.stdout, r.stderr, r.timedOut);
      const error = r.timedOut ? `timed out after ${Math.round(this.o.timeoutMs / 1000)}s` : r.exitCode === 0 ? `stream result is an error: ${(out?.text ?? '').trim().slice(0, 500)}` : `exit ${r.exitCode}: ${r.stderr.trim().slice(0, 500)}`;
      last = { error, kind, stderr: r.stderr };
      if (this.o.signal?.aborted) { last.error = 'cancelled: the engine is stopping'; break; }
      if (attempt <= this.o.maxRetries) this.o.onRetry?.(attempt, error);
    }
    rmSync(responsePath, { force: true });
    throw new BrainError(last?.error ?? 'brain failed', last?.kind ?? 'exit', stderrExcerpt(last?.stderr ?? ''), promptPath);
  }
}
