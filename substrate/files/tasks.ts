/**
 * Tasks-as-files (spec/wiki-tasks-pm-deck.md §5): reading `tasks/*.md` + `tasks/archive/*.md`,
 * readiness, the one narrow write the loop may make (the `status:` line), ids, slugs, and rendering a
 * new lint-clean task file. A malformed file is reported and skipped, never rewritten (§5.2).
 */
import { readdirSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { parse, parseDocument, stringify } from 'yaml';
import { LoopError } from '../errors.js';
import { readTextIfExists, writeFileAtomic } from './atomic.js';
import { formatProblem, yamlProblem, type FileProblem } from './problems.js';

export const TASK_STATUSES = ['open', 'in-progress', 'review', 'done', 'dropped'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
/** The six required body sections, in order (§5.3). */
export const TASK_SECTIONS = ['Objective', 'Context you need', 'Deliverables', 'Acceptance criteria', 'Verification', 'Out of scope'] as const;

export interface Task {
  id: string;
  title: string;
  status: TaskStatus;
  depends_on: string[];
  loop: string | null;
  jira: string | null;
  scope: string;
  /** File name, e.g. `T0001-fix-login.md`. */
  file: string;
  path: string;
  archived: boolean;
  /** Everything after the closing `---` line, byte-for-byte. */
  body: string;
}

interface Split { yaml: string; body: string; fmStart: number; fmEnd: number }

/** Split `---\n<yaml>\n---\n<body>`; offsets are char offsets of the YAML region. A problem when malformed. */
function splitFrontmatter(file: string, text: string): Split | FileProblem {
  const firstEnd = text.indexOf('\n');
  const first = (firstEnd < 0 ? text : text.slice(0, firstEnd)).replace(/^\uFEFF/, '').replace(/\r$/, '');
  if (first !== '---') return { file, line: 1, message: 'malformed task: first line must be ---' };
  const re = /^---[ \t]*\r?$/gm;
  re.lastIndex = firstEnd + 1;
  const close = firstEnd < 0 ? null : re.exec(text);
  if (!close) return { file, line: 1, message: 'malformed task: no closing --- line' };
  const after = text.indexOf('\n', close.index);
  return { yaml: text.slice(firstEnd + 1, close.index), fmStart: firstEnd + 1, fmEnd: close.index, body: after < 0 ? '' : text.slice(after + 1) };
}

/** Parse the frontmatter mapping; a problem (with the file line) when the YAML is bad or not a mapping. */
function parseFrontmatter(file: string, text: string): { data: Record<string, unknown>; split: Split } | FileProblem {
  const split = splitFrontmatter(file, text);
  if ('message' in split) return split;
  const doc = parseDocument(split.yaml, { prettyErrors: true, uniqueKeys: true });
  const err = doc.errors[0];
  if (err) return yamlProblem(file, err, 1, 'malformed task: invalid YAML');
  const data: unknown = doc.toJS();
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return { file, line: 2, message: 'malformed task: frontmatter is not a mapping' };
  return { data: data as Record<string, unknown>, split };
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null);

function toTask(file: string, path: string, archived: boolean, text: string): Task | FileProblem {
  const parsed = parseFrontmatter(path, text);
  if ('message' in parsed) return parsed;
  const d = parsed.data;
  const id = str(d.id) ?? '';
  if (!/^T\d{4}$/.test(id)) return { file: path, key: 'id', message: `malformed task: id ${JSON.stringify(d.id ?? null)} is not T<NNNN>` };
  const status = d.status;
  if (!TASK_STATUSES.includes(status as TaskStatus)) return { file: path, key: 'status', message: `malformed task: status ${JSON.stringify(status ?? null)} not one of ${TASK_STATUSES.join('|')}` };
  const deps = d.depends_on;
  const depends_on = Array.isArray(deps) ? deps.map((x) => str(x) ?? '').filter((x) => x !== '')
    : typeof deps === 'string' ? deps.split(/[\s,[\]]+/).filter((x) => x !== '') : [];
  const loop = str(d.loop);
  const jira = str(d.jira);
  return {
    id, title: str(d.title) ?? '', status: status as TaskStatus, depends_on,
    loop: loop === null || loop.trim() === '' ? null : loop, jira: jira === null || jira.trim() === '' ? null : jira,
    scope: str(d.scope) ?? '', file, path, archived, body: parsed.split.body,
  };
}

/** `*.md` regular files of `dir` except README.md, sorted by name; [] when the dir is missing. */
function taskFiles(dir: string): string[] {
  let names: string[];
  try { names = readdirSync(dir); } catch { return []; }
  return names.filter((n) => n.endsWith('.md') && n.toLowerCase() !== 'readme.md' && isFile(join(dir, n))).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
function isFile(p: string): boolean {
  try { return statSync(p).isFile(); } catch { return false; }
}

/**
 * Read every task in `<root>/tasks/*.md` then `<root>/tasks/archive/*.md` (README.md skipped, names
 * sorted). Malformed files (no `---` fences, bad YAML, non-mapping, id not `T<NNNN>`, unknown status,
 * duplicate id) are returned as problems with the file and YAML line and left out of `tasks`
 * (acceptance 27). `names` lists every task file name seen, malformed ones included (for nextTaskId).
 * Never throws for bad content; an unreadable file is a problem too.
 */
export function listTasks(root: string): { tasks: Task[]; problems: FileProblem[]; names: string[] } {
  const tasks: Task[] = [];
  const problems: FileProblem[] = [];
  const names: string[] = [];
  const seen = new Set<string>();
  for (const [dir, archived] of [[join(root, 'tasks'), false], [join(root, 'tasks', 'archive'), true]] as const) {
    for (const file of taskFiles(dir)) {
      names.push(file);
      const path = join(dir, file);
      let text: string | null;
      try { text = readTextIfExists(path); } catch (e) { problems.push({ file: path, message: (e as Error).message }); continue; }
      if (text === null) continue;
      const t = toTask(file, path, archived, text);
      if ('message' in t) { problems.push(t); continue; }
      if (seen.has(t.id)) { problems.push({ file: path, key: 'id', message: `duplicate task id '${t.id}'` }); continue; }
      seen.add(t.id);
      tasks.push(t);
    }
  }
  return { tasks, problems, names };
}

/**
 * Tasks ready to dispatch: status `open` and every `depends_on` id names a known task whose status is
 * `done` or `review` (a missing dependency means not ready). Keeps the input order. Pure.
 */
export function readyTasks(tasks: readonly Task[]): Task[] {
  const byId = new Map(tasks.map((t) => [t.id, t]));
  return tasks.filter((t) => t.status === 'open' && t.depends_on.every((d) => {
    const dep = byId.get(d);
    return dep !== undefined && (dep.status === 'done' || dep.status === 'review');
  }));
}

/**
 * Change ONLY the value on the single top-level `status:` line of a task file (line-level edit; a
 * trailing `# comment`, the line ending, every other byte and the body stay identical), atomically.
 * Returns `{from, to, changed}` (no write when already `to`). Throws LoopError:
 * `task-status-human-only` for done/dropped (only a PO/human sets those, §5.4), `task-status-invalid`,
 * `task-missing`, `task-archived` (file under archive/), `task-malformed` (bad frontmatter, or zero or
 * several `status:` lines), `task-changed` (file changed while editing; retry).
 */
export function setTaskStatus(path: string, to: TaskStatus): { from: string; to: TaskStatus; changed: boolean } {
  if (to === 'done' || to === 'dropped') throw new LoopError('task-status-human-only', `status '${to}' is set by a human or the PM pull only, never by the loop`, { hint: 'set review; the PO promotes it to done' });
  if (!TASK_STATUSES.includes(to)) throw new LoopError('task-status-invalid', `status '${String(to)}' not one of ${TASK_STATUSES.join('|')}`);
  if (basename(dirname(path)) === 'archive') throw new LoopError('task-archived', `${path} is archived; archived tasks are not reopened by the loop`);
  const text = readTextIfExists(path);
  if (text === null) throw new LoopError('task-missing', `no task file at ${path}`);
  const parsed = parseFrontmatter(path, text);
  if ('message' in parsed) throw new LoopError('task-malformed', formatProblem(parsed), { hint: 'fix the frontmatter by hand; the file was not changed' });
  const { split, data } = parsed;
  const lines = [...split.yaml.matchAll(/^status:.*$/gm)];
  if (lines.length !== 1 || !lines[0]) throw new LoopError('task-malformed', `${path}: expected exactly one top-level status: line, found ${lines.length}`);
  const from = String(data.status);
  if (from === to) return { from, to, changed: false };
  const m = /^status:([ \t]*)(.*?)([ \t]+#.*)?(\r?)$/.exec(lines[0][0]);
  const start = split.fmStart + (lines[0].index ?? 0);
  const line = `status:${m?.[1] || ' '}${to}${m?.[3] ?? ''}${m?.[4] ?? ''}`;
  const next = text.slice(0, start) + line + text.slice(start + lines[0][0].length);
  const check = parseFrontmatter(path, next);
  if ('message' in check || check.data.status !== to || JSON.stringify({ ...check.data, status: from }) !== JSON.stringify({ ...data, status: from })) {
    throw new LoopError('task-malformed', `${path}: the status line could not be edited safely; file left unchanged`);
  }
  if (readTextIfExists(path) !== text) throw new LoopError('task-changed', `${path} changed while its status was being set; nothing written`, { hint: 'retry' });
  writeFileAtomic(path, next);
  return { from, to, changed: true };
}

/**
 * Next free task id (`T<NNNN>`, §5.1): one more than the highest id among `tasks` (their id and file
 * name prefix) and `names` (e.g. `listTasks().names`, so malformed files' ids are never reused);
 * `T0001` when empty. Throws LoopError `task-ids-exhausted` past T9999.
 */
export function nextTaskId(tasks: ReadonlyArray<{ id: string; file?: string }>, names: readonly string[] = []): string {
  let max = 0;
  for (const s of [...tasks.flatMap((t) => [t.id, t.file ?? '']), ...names]) {
    const m = /^T(\d{4})(?:-|\.|$)/.exec(s);
    if (m?.[1]) max = Math.max(max, Number(m[1]));
  }
  if (max >= 9999) throw new LoopError('task-ids-exhausted', 'task ids are exhausted (T9999 exists)');
  return `T${String(max + 1).padStart(4, '0')}`;
}

/**
 * File-name slug of a title (§5.1): lowercase, every run of non `[a-z0-9]` → one `-`, hyphens
 * trimmed, cut to 60 chars then trailing hyphens trimmed; `task` when nothing is left. Pure.
 */
export function slugify(title: string): string {
  const s = title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60).replace(/-+$/, '');
  return s === '' ? 'task' : s;
}

const RESERVED = /^(true|false|null|yes|no|on|off|~)$/i;
const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** One scalar per §5.2's canonical rules: bare when safe, else a double-quoted string (via yaml). */
export function yamlScalar(s: string): string {
  const risky = s === '' || /[:#]\s|\s#/.test(s) || /[:\s]$/.test(s) || /[\t\n\r]/.test(s) || /^[\s'"`#&*!|>%@?,{}[\]-]/.test(s) || RESERVED.test(s) || NUMBER.test(s);
  if (!risky) {
    try { if ((parse(`k: ${s}`) as { k?: unknown } | null)?.k === s) return s; } catch { /* quote it */ }
  }
  return stringify(s, { defaultStringType: 'QUOTE_DOUBLE', lineWidth: 0 }).trimEnd();
}

export interface TaskSections {
  objective: string; context: string; deliverables: string; acceptance: string; verification: string; outOfScope: string;
}

/**
 * Render a new, lint-clean task file (§5.2 canonical key order and quoting, §5.3 six sections). `loop`
 * and `jira` are emitted only when given (`jira: ""` for a blank key); empty sections get `(none)`.
 * Throws LoopError `task-invalid` for a bad id, status or dependency id, or a scope with a newline.
 */
export function renderTask(t: { id: string; title: string; status: TaskStatus; depends_on: readonly string[]; loop?: string | null; jira?: string | null; scope: string; sections: TaskSections }): string {
  const badDep = t.depends_on.find((d) => !/^T\d{4}$/.test(d));
  const bad = !/^T\d{4}$/.test(t.id) ? `id '${t.id}'` : !TASK_STATUSES.includes(t.status) ? `status '${t.status}'`
    : badDep !== undefined ? `dependency '${badDep}'` : /[\r\n]/.test(t.scope) ? 'scope (must be one line)' : null;
  if (bad !== null) throw new LoopError('task-invalid', `cannot render task: bad ${bad}`);
  const fm = [`id: ${t.id}`, `title: ${yamlScalar(t.title)}`, `status: ${t.status}`, `depends_on: [${t.depends_on.join(', ')}]`];
  if (t.loop != null) fm.push(`loop: ${yamlScalar(t.loop)}`);
  if (t.jira != null) fm.push(`jira: ${yamlScalar(t.jira)}`);
  fm.push(`scope: ${yamlScalar(t.scope)}`);
  const s = t.sections;
  const texts = [s.objective, s.context, s.deliverables, s.acceptance, s.verification, s.outOfScope];
  const body = TASK_SECTIONS.map((h, i) => `## ${h}\n\n${(texts[i] ?? '').trim() || '(none)'}\n`).join('\n');
  return `---\n${fm.join('\n')}\n---\n\n# ${t.id}: ${t.title.replace(/\s*[\r\n]+\s*/g, ' ')}\n\n${body}`;
}
