/**
 * The `engine:` section of lane-config.yaml (spec/engine.md §2, DESIGN.md §9.3): validated with
 * zod, every problem reported with file, line and dotted key. A bad value is reported and
 * replaced by its default; the rest of the file still applies (bad input loses nothing else).
 * The host override file's top-level engine keys replace the base's wholesale (spec §2).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument, LineCounter, isMap } from 'yaml';
import { z } from 'zod';
import { overridePath } from '../substrate/config/lane-config.js';
import { LintConfig } from './wiki/lint-config.js';
import type { FileProblem } from '../substrate/files/problems.js';

const Brain = z.strictObject({
  kind: z.enum(['builtin', 'cli', 'ollama']).default('builtin'),
  harness: z.string().min(1).default('claude'),
  model: z.string().default(''),
  timeout_s: z.number().positive().default(300),
  max_retries: z.number().int().min(0).max(5).default(1),
  max_calls_per_hour: z.number().int().min(0).default(12),
  extra_args: z.array(z.string()).default([]),
  /** claude stream-json rendering for claude-style harnesses (spec §11.1). */
  stream: z.boolean().default(false),
  /** Backoff after a quota failure without a reset hint, or a model-unavailable failure (spec §12.4). */
  quota_backoff_minutes: z.number().positive().default(60),
  /** `ollama` brain: server URL (env OLLAMA_HOST wins when this is unset). */
  host: z.string().optional(),
  /** USD per 1M tokens for codex usage (spec §11.6). */
  codex_pricing: z.strictObject({ input: z.number().min(0).optional(), cached: z.number().min(0).optional(), output: z.number().min(0).optional(), long_context_threshold: z.number().optional() }).prefault({}),
  /** builtin brain: the lanes it may dispatch tasks to (default: agent lanes other than coord, docs, validate-*, ops-*). */
  lanes: z.array(z.string()).optional(),
});

export const EngineConfigSchema = z.strictObject({
  approval_mode: z.enum(['manual', 'auto', 'full']).default('manual'),
  checkpoint_interval_s: z.number().positive().default(900),
  poll_interval_s: z.number().positive().default(10),
  min_cycle_interval_s: z.number().min(0).default(120),
  /** > 0 enables the lane-utilization trigger (spec §10.6, §12.5). */
  target_lane_utilization: z.number().min(0).max(1).default(0),
  brain: Brain.prefault({}),
  /** Ingest (spec §4.5): builtin (in-process) · lane (nudge `lane`) · headless (one-shot agent, `timeout_s`, `harness` or brain.harness). */
  ingest: z.strictObject({
    mode: z.enum(['builtin', 'lane', 'headless']).default('builtin'),
    lane: z.string().min(1).default('docs'),
    timeout_s: z.number().positive().default(120),
    harness: z.string().default(''),
    auto_approve: z.boolean().default(true),
  }).prefault({}),
  destructive: z.strictObject({
    max_dispatches_per_cycle: z.number().int().min(1).default(4),
    max_lanes: z.number().int().min(1).default(12),
    payload_patterns: z.array(z.string()).default(['git push --force', 'rm -rf', 'reset --hard']),
  }).prefault({}),
  /** Fix-round cap of the build/verify loop (spec §10.5); a bool, non-integer or ≤ 0 disables it (reported as an event). */
  max_fix_rounds: z.union([z.number(), z.boolean()]).default(2),
  /** Harness governance (spec §2, §6.3–6.4); the all-defaults value is a pass-through. */
  harness_policy: z.strictObject({
    allow: z.array(z.string()).default([]),
    deny: z.array(z.string()).default([]),
    cost_ceiling: z.enum(['', 'none', 'low', 'medium', 'high']).default(''),
    autonomy_cap: z.enum(['', 'none', 'attended', 'unattended']).default(''),
    role_tag_map: z.record(z.string(), z.array(z.string())).default({}),
    role_defaults: z.record(z.string(), z.string()).default({}),
    high_risk_roles: z.array(z.string()).default(['infra']),
    brain_allow: z.array(z.string()).default([]),
    role_rules: z.record(z.string(), z.looseObject({ concurrency_allowance: z.number().int().min(1).optional() })).default({}),
  }).prefault({}),
  checkpoint: z.strictObject({
    keep_decisions: z.number().int().default(10),
    header_file: z.string().optional(),
  }).prefault({}),
  lint: LintConfig.prefault({}),
});
export type EngineConfig = z.infer<typeof EngineConfigSchema>;

export interface LoadedEngineConfig { config: EngineConfig; problems: FileProblem[]; files: string[] }

/** All defaults. */
export function defaultEngineConfig(): EngineConfig {
  return EngineConfigSchema.parse({});
}

function removeAt(obj: unknown, path: PropertyKey[]): boolean {
  let cur = obj as Record<PropertyKey, unknown>;
  for (let i = 0; i < path.length - 1; i++) {
    const next = cur?.[path[i]!];
    if (!next || typeof next !== 'object') return false;
    cur = next as Record<PropertyKey, unknown>;
  }
  const last = path[path.length - 1];
  if (last === undefined || !cur || typeof cur !== 'object' || !(last in cur)) return false;
  delete cur[last];
  return true;
}

function readEngineSection(file: string, problems: FileProblem[]): { value: Record<string, unknown> | null; lineOf: (p: PropertyKey[]) => number | undefined } {
  const lc = new LineCounter();
  let text: string;
  try { text = readFileSync(file, 'utf8'); } catch (e) { problems.push({ file, message: `cannot read: ${(e as Error).message}` }); return { value: null, lineOf: () => undefined }; }
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false });
  if (doc.errors.length) {
    for (const e of doc.errors) problems.push({ file, line: lc.linePos(e.pos[0]).line, message: `${e.message.split('\n')[0]} (engine settings from this file ignored)` });
    return { value: null, lineOf: () => undefined };
  }
  const lineOf = (path: PropertyKey[]): number | undefined => {
    for (let n = path.length; n >= 1; n--) {
      const parent = doc.getIn(['engine', ...path.slice(0, n - 1)] as Array<string | number>, true);
      if (isMap(parent)) {
        const pair = parent.items.find((p) => (p.key as { value?: unknown })?.value === path[n - 1]);
        const r = (pair?.key as { range?: [number, number, number] } | undefined)?.range;
        if (r) return lc.linePos(r[0]).line;
      }
    }
    const top = doc.getIn(['engine'], true) as { range?: [number, number, number] } | undefined;
    return top?.range ? lc.linePos(top.range[0]).line : undefined;
  };
  const js = doc.toJS() as { engine?: unknown } | null;
  const eng = js && typeof js === 'object' ? js.engine : undefined;
  if (eng === undefined || eng === null) return { value: null, lineOf };
  if (typeof eng !== 'object' || Array.isArray(eng)) { problems.push({ file, line: lineOf([]), key: 'engine', message: 'expected a mapping (engine settings ignored)' }); return { value: null, lineOf }; }
  return { value: eng as Record<string, unknown>, lineOf };
}

/**
 * Load `<root>/lane-config.yaml` (+ host override). Never throws: problems are returned and the
 * offending keys fall back to their defaults.
 */
export function loadEngineConfig(root: string, file = join(root, 'lane-config.yaml')): LoadedEngineConfig {
  const problems: FileProblem[] = [];
  const files: string[] = [];
  let merged: Record<string, unknown> = {};
  const lineOfs: Array<{ file: string; keys: Set<string>; lineOf: (p: PropertyKey[]) => number | undefined }> = [];
  for (const f of [file, overridePath(file)]) {
    if (!existsSync(f)) continue;
    files.push(f);
    const { value, lineOf } = readEngineSection(f, problems);
    if (value) { merged = { ...merged, ...value }; lineOfs.push({ file: f, keys: new Set(Object.keys(value)), lineOf }); }
  }
  const where = (path: PropertyKey[]): { file: string; line?: number } => {
    const top = String(path[0] ?? '');
    const src = [...lineOfs].reverse().find((l) => l.keys.has(top)) ?? lineOfs[lineOfs.length - 1];
    return src ? { file: src.file, line: src.lineOf(path) } : { file };
  };
  const candidate = structuredClone(merged);
  for (let attempt = 0; attempt < 50; attempt++) {
    const r = EngineConfigSchema.safeParse(candidate);
    if (r.success) return { config: r.data, problems, files };
    let removed = false;
    for (const issue of r.error.issues) {
      const keys = issue.code === 'unrecognized_keys' ? (issue.keys as string[]).map((k) => [...issue.path, k]) : [issue.path];
      for (const path of keys) {
        const w = where(path);
        problems.push({ ...w, key: `engine.${path.map(String).join('.')}`, message: `${issue.code === 'unrecognized_keys' ? 'unknown key' : issue.message}; using the default` });
        removed = removeAt(candidate, path) || removed;
      }
    }
    if (!removed) break;
  }
  return { config: defaultEngineConfig(), problems: [...problems, { file, message: 'engine settings could not be applied; using all defaults' }], files };
}
