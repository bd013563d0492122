/**
 * Stream rendering and usage accounting for one-shot brains (spec/engine.md §11.5, §11.6), pure:
 * chunks of raw stdout in, rendered transcript text out, usage and cost at the end.
 * - claude `--output-format stream-json`: header per `system/init`, assistant text and thinking
 *   verbatim, `[tool] <name> <arg>` per tool use, `=== result: <subtype> ===`; the reply is the
 *   `result` event's text (else the concatenated assistant text).
 * - codex `exec --json`: each `item.completed` agent message; tokens summed over `turn.completed`;
 *   cost computed from `codex_pricing` (USD per 1M tokens).
 * Non-JSON lines pass through verbatim (claude) or are ignored (codex).
 */
export interface StreamUsage { input_tokens: number | null; output_tokens: number | null; cache_read_input_tokens?: number | null; total_tokens?: number | null }
export interface StreamOutcome { text: string; error: boolean; usage: StreamUsage | null; cost_usd: number | null; cost_source: 'provider' | 'computed' | 'unpriced' | 'unavailable'; model: string | null }
export interface CodexPricing { input?: number; cached?: number; output?: number; long_context_threshold?: number }

type J = Record<string, unknown>;
/** A non-negative integer token count (integral floats accepted), else null (spec §11.6). */
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) && v >= 0 && Number.isInteger(v) ? v : null);

/** A line splitter: feed chunks, get whole lines. */
class Lines {
  private buf = '';
  push(chunk: string): string[] { this.buf += chunk; const parts = this.buf.split('\n'); this.buf = parts.pop() ?? ''; return parts; }
  flush(): string[] { const r = this.buf ? [this.buf] : []; this.buf = ''; return r; }
}

function parse(line: string): J | null {
  if (!line.trim().startsWith('{')) return null;
  try { const v = JSON.parse(line) as unknown; return v && typeof v === 'object' && !Array.isArray(v) ? (v as J) : null; } catch { return null; }
}

const TOOL_ARGS = ['file_path', 'path', 'command', 'pattern', 'url', 'query', 'prompt'];

export class ClaudeStream {
  private readonly lines = new Lines();
  private assistant = '';
  private result: string | null = null;
  private error = false;
  private usage: J | null = null;
  private totalCost: number | null = null;
  private modelUsage: J | null = null;
  private model: string | null = null;

  /** Raw chunk in → rendered transcript text out. */
  feed(chunk: string): string { return this.lines.push(chunk).map((l) => this.line(l)).join(''); }
  end(): string { return this.lines.flush().map((l) => this.line(l)).join(''); }

  private line(line: string): string {
    const e = parse(line);
    if (!e) return line.trim() ? `${line}\n` : '';
    if (e.type === 'system' && e.subtype === 'init') {
      this.model = typeof e.model === 'string' ? e.model : this.model;
      return `=== ${String(e.model ?? '?')} session=${String(e.session_id ?? '?')} cwd=${String(e.cwd ?? '?')} ===\n`;
    }
    if (e.type === 'assistant') {
      const m = (e.message ?? {}) as J;
      if (typeof m.model === 'string') this.model = m.model;
      if (m.usage && typeof m.usage === 'object') this.usage = m.usage as J;
      let out = '';
      for (const c of Array.isArray(m.content) ? (m.content as J[]) : []) {
        if (c.type === 'text' && typeof c.text === 'string') { out += c.text.endsWith('\n') ? c.text : `${c.text}\n`; this.assistant += c.text; }
        else if (c.type === 'thinking' && typeof c.thinking === 'string') out += `${c.thinking}\n`;
        else if (c.type === 'tool_use') {
          const input = (c.input ?? {}) as J;
          const arg = TOOL_ARGS.map((k) => input[k]).find((v) => typeof v === 'string') as string | undefined;
          out += `[tool] ${String(c.name)}${arg ? ` ${arg.replace(/\s+/g, ' ').slice(0, 120)}` : ''}\n`;
        }
      }
      return out;
    }
    if (e.type === 'result') {
      if (typeof e.result === 'string') this.result = e.result;
      this.error = e.is_error === true || String(e.subtype ?? '').startsWith('error');
      if (e.usage && typeof e.usage === 'object') this.usage = e.usage as J;
      if (typeof e.total_cost_usd === 'number') this.totalCost = e.total_cost_usd;
      if (e.modelUsage && typeof e.modelUsage === 'object') this.modelUsage = e.modelUsage as J;
      return `=== result: ${String(e.subtype ?? '?')} ===\n`;
    }
    return '';
  }

  outcome(raw: string): StreamOutcome {
    const u = this.usage;
    const fields = u ? ['input_tokens', 'output_tokens', 'cache_creation_input_tokens', 'cache_read_input_tokens'].map((k) => num(u[k])) : [];
    const usage: StreamUsage | null = u ? { input_tokens: fields[0] ?? null, output_tokens: fields[1] ?? null, cache_read_input_tokens: fields[3] ?? null, total_tokens: fields.reduce<number>((a, b) => a + (b ?? 0), 0) } : null;
    const tokens = usage?.total_tokens ?? 0;
    let cost: number | null = null;
    let source: StreamOutcome['cost_source'] = u ? 'unpriced' : 'unavailable';
    let model = this.model;
    const mu = this.modelUsage && Object.keys(this.modelUsage).length ? this.modelUsage : null;
    if (mu) {
      model = Object.keys(mu).sort().join(',');
      const costs = Object.values(mu).map((v) => { const c = (v as J | null)?.costUSD; return typeof c === 'number' && c >= 0 ? c : null; });
      if (costs.every((c) => c !== null)) { cost = this.totalCost ?? costs.reduce<number>((a, b) => a + (b ?? 0), 0); source = 'provider'; }
      else source = 'unpriced';
    } else if (this.totalCost !== null) { cost = this.totalCost; source = 'provider'; }
    if (source === 'provider' && cost === 0 && tokens > 0) { cost = null; source = 'unpriced'; }
    return { text: this.result ?? (this.assistant || raw), error: this.error, usage, cost_usd: cost, cost_source: source, model };
  }
}

export class CodexStream {
  private readonly lines = new Lines();
  private readonly messages: string[] = [];
  private input = 0; private cached = 0; private output = 0; private seen = false;
  constructor(private readonly pricing: CodexPricing = {}) {}

  feed(chunk: string): string { return this.lines.push(chunk).map((l) => this.line(l)).join(''); }
  end(): string { return this.lines.flush().map((l) => this.line(l)).join(''); }

  private line(line: string): string {
    const e = parse(line);
    if (!e) return '';
    const item = (e.item ?? {}) as J;
    if (e.type === 'item.completed' && item.type === 'agent_message' && typeof item.text === 'string') { this.messages.push(item.text); return `${item.text}\n`; }
    if (e.type === 'turn.completed' && e.usage && typeof e.usage === 'object') {
      const u = e.usage as J;
      this.seen = true;
      this.input += num(u.input_tokens) ?? 0;
      this.cached += num(u.cached_input_tokens) ?? 0;
      this.output += (num(u.output_tokens) ?? 0) + (num(u.reasoning_output_tokens) ?? 0);
    }
    return '';
  }

  outcome(raw: string): StreamOutcome {
    const usage = this.seen ? { input_tokens: this.input, output_tokens: this.output, cache_read_input_tokens: this.cached, total_tokens: this.input + this.output } : null;
    const text = this.messages.length ? this.messages.join('\n') : raw;
    if (!usage) return { text, error: false, usage, cost_usd: null, cost_source: 'unavailable', model: null };
    const p = this.pricing;
    if (p.input === undefined || p.output === undefined) return { text, error: false, usage, cost_usd: null, cost_source: 'unpriced', model: null };
    const threshold = p.long_context_threshold ?? 272_000;
    const long = threshold > 0 && this.input > threshold;
    const inRate = p.input * (long ? 2 : 1);
    const cachedRate = (p.cached ?? p.input) * (long ? 2 : 1);
    const outRate = p.output * (long ? 1.5 : 1);
    const cost = ((this.input - this.cached) * inRate + this.cached * cachedRate + this.output * outRate) / 1e6;
    return { text, error: false, usage, cost_usd: cost, cost_source: 'computed', model: null };
  }
}

/** Stream mode of a brain argv (spec §11.1) and the argv to run. */
export function streamMode(argv: string[], stream: boolean): { mode: 'plain' | 'claude' | 'codex'; argv: string[]; unsupported: boolean } {
  const bin = (argv[0] ?? '').split('/').pop() ?? '';
  if (bin === 'codex' && argv.includes('exec')) {
    const a = [...argv];
    if (!a.includes('--json')) a.splice(a.length - 1, 0, '--json');
    return { mode: 'codex', argv: a, unsupported: false };
  }
  if (!stream) return { mode: 'plain', argv, unsupported: false };
  const hasFlag = argv.some((x, i) => x === '--output-format' && argv[i + 1] === 'stream-json') || argv.includes('--output-format=stream-json');
  if (!hasFlag && bin !== 'claude') return { mode: 'plain', argv, unsupported: true };
  const a = [...argv];
  if (!hasFlag) a.push('--output-format', 'stream-json');
  if (!a.includes('--verbose')) a.push('--verbose');
  return { mode: 'claude', argv: a, unsupported: false };
}
