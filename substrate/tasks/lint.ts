/**
 * Task-file lint (spec/wiki-tasks-pm-deck.md §5.5), pure over file names and texts so it gives the
 * same findings on every run: files are taken in byte order, top level first, then archive/; the
 * graph checks walk ids in sorted order. `yamlCheck` (see lint-dir.ts) is called only for frontmatter
 * that is not an obviously plain mapping, so clean packs never load a YAML parser. Every finding carries the file and a 1-based line.
 * loopdeck additions to the reference's rules: the frontmatter must also parse as a YAML mapping
 * (a broken block is reported at its YAML line), and a missing id or status value is reported.
 */

/** The six required body sections (§5.3; same list as substrate/files/tasks.ts, kept here so the lint loads no YAML parser unless it needs one). */
const TASK_SECTIONS = ['Objective', 'Context you need', 'Deliverables', 'Acceptance criteria', 'Verification', 'Out of scope'] as const;

/** A full YAML check of a frontmatter block: null when it is a valid mapping, else the 1-based block line and message. */
export type YamlCheck = (yaml: string) => { line: number; message: string } | null;

/** One input file: `name` (file name), `path` (as printed), `archived` (under archive/), `text`. */
export interface LintInput { name: string; path: string; archived: boolean; text: string }
/** One finding. `line` is 1-based (1 for whole-file rules). */
export interface LintFinding { file: string; line: number; message: string }

export const TASK_FILE_RE = /^T[0-9]{4}-[a-z0-9][a-z0-9-]*\.md$/;
const REQUIRED_KEYS = ['id', 'title', 'status', 'depends_on', 'scope'] as const;
const OPEN = new Set(['open', 'in-progress', 'review']);
const CLOSED = new Set(['done', 'dropped']);
export const byCode = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

interface Node { id: string; path: string; deps: Array<{ id: string; line: number }> }

/** Frontmatter lines (1-based numbers) of one file, or a finding when the fences are wrong. */
function frontmatter(f: LintInput): { lines: string[]; close: number } | LintFinding {
  const lines = f.text.replace(/^\uFEFF/, '').split('\n').map((l) => l.replace(/\r$/, ''));
  if (lines[0] !== '---') return { file: f.path, line: 1, message: "first line must be exactly '---' (frontmatter start)" };
  for (let i = 1; i < lines.length; i++) if (/^---\s*$/.test(lines[i] ?? '')) return { lines, close: i };
  return { file: f.path, line: 1, message: "frontmatter has no closing '---' line" };
}

/** Per-file rules 1–7; returns the node for the graph when the id is usable. */
function lintFile(f: LintInput, seen: Map<string, string>, out: LintFinding[], yamlCheck?: YamlCheck): Node | null {
  const add = (line: number, message: string): void => { out.push({ file: f.path, line, message }); };
  if (!TASK_FILE_RE.test(f.name)) add(1, 'filename must match T<NNNN>-<slug>.md (lowercase slug)');
  if (f.text.includes('\0')) { add(1, 'binary content; not a task file'); return null; }
  const fm = frontmatter(f);
  if ('message' in fm) { out.push(fm); return null; }
  const { lines, close } = fm;
  const keyLine = (k: string): number => { for (let i = 1; i < close; i++) if (lines[i]?.startsWith(`${k}:`)) return i; return -1; };
  const block = lines.slice(1, close);
  if (!plainMapping(block)) {
    const bad = yamlCheck?.(block.join('\n'));
    if (bad) add(bad.line + 1, bad.message);
  }
  for (const k of REQUIRED_KEYS) if (keyLine(k) < 0) add(1, `frontmatter missing required key '${k}'`);
  const value = (i: number, k: string): string => (lines[i] ?? '').slice(k.length + 1).trim();
  let node: Node | null = null;
  const idAt = keyLine('id');
  if (idAt >= 0) {
    const id = value(idAt, 'id');
    if (!/^T[0-9]{4}$/.test(id)) add(idAt + 1, `id '${id}' must be T<NNNN>`);
    else {
      if (!f.name.startsWith(`${id}-`)) add(idAt + 1, `file name must begin with '${id}-' (the id)`);
      const first = seen.get(id);
      if (first !== undefined) add(idAt + 1, `duplicate task id '${id}' (first in ${first})`);
      else { seen.set(id, f.path); node = { id, path: f.path, deps: [] }; }
    }
  }
  const stAt = keyLine('status');
  if (stAt >= 0) {
    const st = value(stAt, 'status').replace(/\s+#.*$/, '');
    if (st === '') add(stAt + 1, 'status is empty (open|in-progress|review|done|dropped)');
    else if (f.archived && OPEN.has(st)) add(stAt + 1, `status '${st}' in archive/: open, in-progress and review tasks live in tasks/`);
    else if (!f.archived && CLOSED.has(st)) add(stAt + 1, `status '${st}' in tasks/: done and dropped tasks live in tasks/archive/`);
    else if (!OPEN.has(st) && !CLOSED.has(st)) add(stAt + 1, `status '${st}' not one of open|in-progress|review|done|dropped`);
  }
  const depAt = keyLine('depends_on');
  if (depAt >= 0) {
    const m = /^depends_on:\s*\[([^[\]]*)\]\s*$/.exec(lines[depAt] ?? '');
    if (!m) add(depAt + 1, 'depends_on must be an inline list like [] or [T0001, T0002]');
    else {
      for (const d of (m[1] ?? '').split(/[\s,]+/).filter((x) => x !== '')) {
        if (!/^T[0-9]{4}$/.test(d)) add(depAt + 1, `depends_on entry '${d}' is not a task id T<NNNN>`);
        else node?.deps.push({ id: d, line: depAt + 1 });
      }
    }
  }
  for (const s of TASK_SECTIONS) {
    if (!lines.some((l, i) => i > close && l.startsWith(`## ${s}`))) add(lines.length, `missing required section '## ${s}'`);
  }
  return node;
}

const SAFE_PLAIN = /^(?![-?:,[\]{}#&*!|>'"%@`\s])(?!.*:(\s|$))(?!.*\s#)[^\t]*$/;
const SIMPLE_VALUE = [/^$/, SAFE_PLAIN, /^\[[A-Za-z0-9_, -]*\]$/, /^"(?:[^"\\]|\\["\\/bfnrt])*"$/, /^'(?:[^']|'')*'$/];

/**
 * True when `block` is obviously a valid YAML mapping without parsing: every line is
 * `key: value` (or a comment/blank line) with a unique simple key and a plain-safe, inline-list or
 * simply quoted value. Anything else goes to the full YAML check. Pure.
 */
export function plainMapping(block: readonly string[]): boolean {
  const keys = new Set<string>();
  for (const raw of block) {
    const l = raw.replace(/\s+$/, '');
    if (l === '' || /^#/.test(l)) continue;
    const m = /^([A-Za-z_][A-Za-z0-9_-]*):(?: (.*))?$/.exec(l);
    if (!m || keys.has(m[1] ?? '')) return false;
    keys.add(m[1] ?? '');
    const v = (m[2] ?? '').replace(/\s+#.*$/, '').trim();
    if (!SIMPLE_VALUE.some((re) => re.test(v))) return false;
  }
  return keys.size > 0;
}

/**
 * Lint a set of task files (§5.5): `files` in the order to check (callers pass tasks/ sorted, then
 * archive/ sorted); `dirLabel` names the tasks dir for the cycle finding. Returns every finding in a
 * stable order (per-file findings in file order, then missing-dependency findings, then at most one
 * cycle finding naming the ids in sorted order). Pure and deterministic.
 */
export function lintTaskFiles(files: readonly LintInput[], dirLabel: string, yamlCheck?: YamlCheck): LintFinding[] {
  const out: LintFinding[] = [];
  const seen = new Map<string, string>();
  const nodes: Node[] = [];
  for (const f of files) { const n = lintFile(f, seen, out, yamlCheck); if (n) nodes.push(n); }
  const known = new Set(nodes.map((n) => n.id));
  for (const n of nodes) for (const d of n.deps) if (!known.has(d.id)) out.push({ file: n.path, line: d.line, message: `depends_on '${d.id}' does not exist as a task file` });
  const resolved = new Set<string>();
  for (let changed = true; changed;) {
    changed = false;
    for (const n of nodes) {
      if (resolved.has(n.id)) continue;
      if (n.deps.every((d) => !known.has(d.id) || resolved.has(d.id))) { resolved.add(n.id); changed = true; }
    }
  }
  const stuck = nodes.filter((n) => !resolved.has(n.id)).map((n) => n.id).sort(byCode);
  if (stuck.length) out.push({ file: dirLabel, line: 0, message: `depends_on cycle detected involving: ${stuck.join(' ')}` });
  return out;
}

/** `file:line: message` (the line is left out for the dir-level cycle finding). */
export function formatFinding(f: LintFinding): string {
  return f.line > 0 ? `${f.file}:${f.line}: ${f.message}` : `${f.file}: ${f.message}`;
}
