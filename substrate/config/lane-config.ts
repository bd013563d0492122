/**
 * lane-config.yaml (spec/substrate.md §11): the `lanes:` mapping, validated with zod, with every
 * problem reported by file, line and dotted key (DESIGN.md §9.3: unknown keys and wrong types are
 * errors, not silent defaults). The `engine:` section belongs to the engine and is passed through
 * untouched. A host override `<base>.<short-host>.<ext>` replaces whole lanes (§11.2).
 */
import { readFileSync, existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, extname, join } from 'node:path';
import { parseDocument, LineCounter, isMap } from 'yaml';
import { z } from 'zod';
import type { FileProblem } from '../files/problems.js';
import { LANE_NAME } from '../lanes.js';

export const LaneSpec = z.strictObject({
  harness: z.string().optional(),
  model: z.string().optional(),
  repo: z.string().optional(),
  role: z.string().optional(),
  cmd: z.string().optional(),
  kind: z.enum(['standing', 'worker'], { error: (iss) => `invalid kind '${String(iss.input)}' (standing | worker)` }).optional(),
});
export type LaneSpec = z.infer<typeof LaneSpec>;

const TopLevel = z.strictObject({
  // `lanes:` with every entry commented out parses as null: treat it as no lanes.
  lanes: z.record(z.string().regex(LANE_NAME, 'lane names start with a letter, then letters, digits, _ or -'), LaneSpec.nullable()).nullable().optional(),
  engine: z.unknown().optional(),
});

export interface LaneConfig {
  /** `primary` or `primary + override`. */
  loaded: string;
  files: string[];
  /** Lanes in file order (override-only lanes appended), with the file and line of the lane's key. */
  lanes: ConfigLane[];
  /** The raw `engine:` section of the effective files (override replaces per top-level key). */
  engine: Record<string, unknown> | null;
  problems: FileProblem[];
  /** Not errors: YAML booleans turned into `true`/`false` strings (spec §11.1 advises quoting them). */
  warnings: FileProblem[];
}

/** One lane block: name, validated spec, where it was written (line of its key; `harnessLine` of its harness value). */
export interface ConfigLane { name: string; spec: LaneSpec; file?: string; line?: number; harnessLine?: number }

/** Short hostname (up to the first dot), as the override file name uses it. */
export function shortHost(): string {
  return (hostname().split('.')[0] || 'unknown').toLowerCase();
}

/** The host override path for `file`: `<dir>/<base>.<host><ext>`. */
export function overridePath(file: string, host = shortHost()): string {
  const ext = extname(file);
  return join(dirname(file), `${basename(file, ext)}.${host}${ext}`);
}

interface OneFile { lanes: ConfigLane[]; engine: Record<string, unknown> | null; problems: FileProblem[]; warnings: FileProblem[] }

const SCALARS = ['harness', 'model', 'repo', 'role', 'cmd', 'kind'] as const;

/**
 * Spec §11.1 value rules, in place: a number becomes its string form; a YAML boolean becomes `true`/`false` with a
 * warning advising quotes. Returns the warnings (dotted key and line).
 */
function coerceScalars(lanes: unknown, file: string, lineOf: (path: PropertyKey[]) => number | undefined, sourceOf: (path: string[]) => string | undefined): FileProblem[] {
  const warnings: FileProblem[] = [];
  if (!lanes || typeof lanes !== 'object' || Array.isArray(lanes)) return warnings;
  for (const [name, spec] of Object.entries(lanes as Record<string, unknown>)) {
    if (!spec || typeof spec !== 'object' || Array.isArray(spec)) continue;
    const o = spec as Record<string, unknown>;
    for (const k of SCALARS) {
      // A number keeps its text as written (`model: 4.10` is '4.10', not '4.1'; `0x1F` is not '31').
      if (typeof o[k] === 'number') o[k] = sourceOf(['lanes', name, k]) ?? String(o[k]);
      else if (typeof o[k] === 'boolean') {
        o[k] = String(o[k]);
        warnings.push({ file, line: lineOf(['lanes', name, k]), key: `lanes.${name}.${k}`, message: `YAML boolean read as '${String(o[k])}'; quote the value if you meant a string` });
      }
    }
  }
  return warnings;
}

/** Parse and validate one file. Problems carry file, line and dotted key; valid lanes are kept. */
export function parseLaneConfigText(text: string, file: string): OneFile {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false });
  const problems: FileProblem[] = [];
  for (const e of doc.errors) problems.push({ file, line: lc.linePos(e.pos[0]).line, message: e.message.split('\n')[0]! });
  if (problems.length) return { lanes: [], engine: null, problems, warnings: [] };
  const value: unknown = doc.toJS() ?? {};
  // The line of the deepest existing key on `path` (the key's own line, not its value's: a block mapping value
  // starts on the next line); keys compare as text, so a numeric YAML key `123` matches the zod path '123'.
  const lineOf = (path: PropertyKey[]): number | undefined => {
    for (let n = path.length; n > 0; n--) {
      const parent: unknown = n > 1 ? doc.getIn(path.slice(0, n - 1) as Array<string | number>, true) : doc.contents;
      if (isMap(parent)) {
        const pair = parent.items.find((p) => String((p.key as { value?: unknown } | null)?.value) === String(path[n - 1]));
        const r = (pair?.key as { range?: [number, number, number] } | undefined)?.range;
        if (r) return lc.linePos(r[0]).line;
      }
      const node = doc.getIn(path.slice(0, n) as Array<string | number>, true) as { range?: [number, number, number] } | undefined;
      if (node?.range) return lc.linePos(node.range[0]).line;
    }
    return undefined;
  };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { lanes: [], engine: null, problems: [{ file, line: 1, message: 'expected a mapping with `lanes:` and/or `engine:`' }], warnings: [] };
  }
  const sourceOf = (path: string[]): string | undefined => (doc.getIn(path, true) as { source?: unknown } | undefined)?.source as string | undefined;
  const warnings = coerceScalars((value as { lanes?: unknown }).lanes, file, lineOf, sourceOf);
  const parsed = TopLevel.safeParse(value);
  const bad = new Set<string>();
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path;
      const extra = issue.code === 'unrecognized_keys' ? (issue.keys as string[]) : [];
      for (const k of extra.length ? extra : [undefined]) {
        const full = k === undefined ? path : [...path, k];
        const message = k !== undefined ? `unknown key '${k}'` : issue.code === 'invalid_key' ? 'invalid lane name: lane names start with a letter, then letters, digits, _ or -' : issue.message;
        problems.push({ file, line: lineOf(full), key: full.map(String).join('.'), message });
      }
      if (path[0] === 'lanes' && typeof path[1] === 'string') bad.add(path[1]);
      else if (path[0] === 'lanes' && path.length === 1) bad.add('*');
    }
  }
  const raw = value as { lanes?: unknown; engine?: unknown };
  const lanes: OneFile['lanes'] = [];
  if (raw.lanes && typeof raw.lanes === 'object' && !Array.isArray(raw.lanes) && !bad.has('*')) {
    for (const [name, spec] of Object.entries(raw.lanes as Record<string, unknown>)) {
      if (bad.has(name)) continue;
      lanes.push({ name, spec: (spec ?? {}) as LaneSpec, file, line: lineOf(['lanes', name]), harnessLine: lineOf(['lanes', name, 'harness']) });
    }
  }
  const engine = raw.engine && typeof raw.engine === 'object' && !Array.isArray(raw.engine) ? (raw.engine as Record<string, unknown>) : null;
  if (raw.engine !== undefined && raw.engine !== null && engine === null) problems.push({ file, line: lineOf(['engine']), key: 'engine', message: 'expected a mapping' });
  return { lanes, engine, problems, warnings };
}

/**
 * Load `file` plus its host override. A missing primary file returns an empty config with no
 * problems (callers decide whether that is an error); unreadable or malformed content is reported.
 */
export function loadLaneConfig(file: string, host = shortHost()): LaneConfig {
  const files: string[] = [];
  const read = (p: string): OneFile | null => {
    if (!existsSync(p)) return null;
    files.push(p);
    try { return parseLaneConfigText(readFileSync(p, 'utf8'), p); } catch (e) {
      return { lanes: [], engine: null, problems: [{ file: p, message: `cannot read: ${(e as Error).message}` }], warnings: [] };
    }
  };
  const primary = read(file);
  const over = read(overridePath(file, host));
  const lanes = [...(primary?.lanes ?? [])];
  for (const l of over?.lanes ?? []) {
    const i = lanes.findIndex((x) => x.name === l.name);
    if (i >= 0) lanes[i] = l; else lanes.push(l);
  }
  const engine = primary?.engine || over?.engine ? { ...(primary?.engine ?? {}), ...(over?.engine ?? {}) } : null;
  return { loaded: files.join(' + '), files, lanes, engine, problems: [...(primary?.problems ?? []), ...(over?.problems ?? [])], warnings: [...(primary?.warnings ?? []), ...(over?.warnings ?? [])] };
}
