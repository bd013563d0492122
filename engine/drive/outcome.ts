/**
 * Pure judgements of the headless drive: a verify result → its outcome event (spec/engine.md §10.3
 * step 2), codex usage from a build log (§11.6), and the task-spec embedding of §7. No I/O.
 */

const RANK: Record<string, number> = { low: 1, medium: 2, high: 3, critical: 4 };

export interface VerifyJudgement { event: 'verify-passed' | 'verify-failed' | 'verify-stale'; overall: string; findings: number; max_severity: string | null }

/** Is `v` a usable verify result (an object whose `overall` is pass/concerns/fail)? */
export function isVerifyResult(v: unknown): v is Record<string, unknown> & { overall: 'pass' | 'concerns' | 'fail' } {
  return !!v && typeof v === 'object' && !Array.isArray(v) && ['pass', 'concerns', 'fail'].includes((v as { overall?: unknown }).overall as string);
}

/**
 * Judge a valid result (spec §10.3.2): findings = list length; max severity over findings with a
 * non-empty `severity` (an unknown label counts as critical — fail-closed); gate_passed = `gate.passed`
 * when `gate` is an object, else overall == pass. Not gate_passed ⇒ failed; not mergeable ⇒ stale;
 * overall ≠ fail and max severity below high ⇒ passed; else failed.
 */
export function judgeVerify(result: Record<string, unknown> & { overall: string }, mergeable: boolean): VerifyJudgement {
  const list = Array.isArray(result.findings) ? result.findings : [];
  let max = 0;
  let maxLabel: string | null = null;
  for (const f of list) {
    const s = f && typeof f === 'object' ? (f as { severity?: unknown }).severity : undefined;
    if (typeof s !== 'string' || s.trim() === '') continue;
    const label = s.trim().toLowerCase();
    const r = RANK[label] ?? 4;
    if (r > max) { max = r; maxLabel = RANK[label] ? label : 'critical'; }
  }
  const gate = result.gate;
  const gatePassed = gate && typeof gate === 'object' && !Array.isArray(gate) ? (gate as { passed?: unknown }).passed === true : result.overall === 'pass';
  const base = { overall: result.overall, findings: list.length, max_severity: maxLabel };
  if (!gatePassed) return { event: 'verify-failed', ...base };
  if (!mergeable) return { event: 'verify-stale', ...base };
  if (result.overall !== 'fail' && max < 3) return { event: 'verify-passed', ...base };
  return { event: 'verify-failed', ...base };
}

export interface CodexUsage { input_tokens: number; output_tokens: number; cache_read_input_tokens: number; total_tokens: number }

/** Sum `turn.completed` usage over a codex `--json` log (spec §11.6); null when none. Non-JSON lines are skipped. */
export function codexUsage(log: string): CodexUsage | null {
  let input = 0, cached = 0, output = 0, seen = false;
  const n = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : 0);
  for (const line of log.split('\n')) {
    if (!line.includes('turn.completed')) continue;
    let ev: { type?: unknown; usage?: Record<string, unknown> };
    try { ev = JSON.parse(line) as typeof ev; } catch { continue; }
    if (ev.type !== 'turn.completed' || !ev.usage || typeof ev.usage !== 'object') continue;
    seen = true;
    input += n(ev.usage.input_tokens); cached += n(ev.usage.cached_input_tokens);
    output += n(ev.usage.output_tokens) + n(ev.usage.reasoning_output_tokens);
  }
  return seen ? { input_tokens: input, output_tokens: output, cache_read_input_tokens: cached, total_tokens: input + output } : null;
}

/**
 * Codex cost from `codex_pricing` (USD per 1M, spec §11.6): (null, unavailable) without usage,
 * (null, unpriced) without input/output rates; long-context threshold doubles input/cached rates and
 * ×1.5 output.
 */
export function codexCost(u: CodexUsage | null, pricing: Record<string, unknown>): { cost_usd: number | null; cost_source: string } {
  if (!u) return { cost_usd: null, cost_source: 'unavailable' };
  const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  let inp = num(pricing.input), out = num(pricing.output);
  if (inp === null || out === null) return { cost_usd: null, cost_source: 'unpriced' };
  let cached = num(pricing.cached) ?? inp;
  const thr = num(pricing.long_context_threshold) ?? 272_000;
  if (thr > 0 && u.input_tokens > thr) { inp *= 2; cached *= 2; out *= 1.5; }
  const cost = ((u.input_tokens - u.cache_read_input_tokens) * inp + u.cache_read_input_tokens * cached + u.output_tokens * out) / 1e6;
  return { cost_usd: Math.round(cost * 1e6) / 1e6, cost_source: 'computed' };
}

/** The guardrail preamble wrapped around a build brief (spec §10.2). */
export function wrapBuildBrief(brief: string): string {
  return [
    'You are implementing a change headlessly in this git worktree, on its current branch.',
    'Rules: implement on the current branch in this worktree only; run the repository\'s required gate before committing;',
    'commit when the gate is green; never merge, push, reinstall dependencies, switch branches or edit main.',
    '--- build brief ---',
    brief,
  ].join('\n');
}

export const TASK_SPEC_CAP = 16_000;

/**
 * Task-spec embedding (spec §7, worktree lanes only): when `text` references `tasks/T<4 digits>….md`
 * and `specOf(id)` returns the spec (≤ 16,000 chars, not already contained), append a separator and
 * the spec. `specOf` does the lookup (first file in tasks/ or tasks/archive/ named `T<digits>-…`).
 */
export function embedTaskSpec(text: string, specOf: (id: string) => string | null): string {
  const m = /tasks\/(?:archive\/)?(T\d{4})[^\s]*\.md/.exec(text);
  if (!m) return text;
  const spec = specOf(m[1]!);
  if (spec === null || spec.length > TASK_SPEC_CAP || text.includes(spec.trim())) return text;
  return `${text}\n\n--- task spec ${m[1]} embedded inline (this worktree may not have tasks/) ---\n${spec}`;
}
