/**
 * The I/O half of `loop task-lint` (spec/wiki-tasks-pm-deck.md §5.5): read `D/*.md` then
 * `D/archive/*.md` (non-recursive, README.md skipped, byte-order sorted) and run the pure lint.
 * Files are only read, never written.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { LoopError } from '../errors.js';
import { byCode, lintTaskFiles, plainMapping, type LintFinding, type LintInput, type YamlCheck } from './lint.js';

/** Task files larger than this are reported, not parsed. */
export const MAX_TASK_BYTES = 1024 * 1024;

function mdNames(dir: string): string[] {
  let names: string[];
  try { names = readdirSync(dir); } catch { return []; }
  return names.filter((n) => n.endsWith('.md') && n !== 'README.md' && isFile(join(dir, n))).sort(byCode);
}
function isFile(p: string): boolean {
  try { return statSync(p).isFile(); } catch { return false; }
}

/**
 * Lint the tasks dir `dir`. Returns `{files: number of task files checked, findings}`; an unreadable
 * or oversized file is a finding of its own. Throws LoopError `no-tasks-dir` (exit 1) when `dir` is
 * not a directory.
 */
export async function lintTasksDir(dir: string): Promise<{ files: number; findings: LintFinding[] }> {
  try { if (!statSync(dir).isDirectory()) throw new Error('not a directory'); } catch {
    throw new LoopError('no-tasks-dir', `task-lint: tasks dir not found: ${dir}`, { exitCode: 1, hint: 'pass --tasks-dir or run `loop init`' });
  }
  const inputs: LintInput[] = [];
  const early: LintFinding[] = [];
  const order: string[] = [];
  for (const [d, archived] of [[dir, false], [join(dir, 'archive'), true]] as const) {
    for (const name of mdNames(d)) {
      const path = join(d, name);
      order.push(path);
      try {
        if (statSync(path).size > MAX_TASK_BYTES) { early.push({ file: path, line: 1, message: `file is larger than ${MAX_TASK_BYTES} bytes; not a task file` }); continue; }
        inputs.push({ name, path, archived, text: readFileSync(path, 'utf8') });
      } catch (e) { early.push({ file: path, line: 1, message: `unreadable: ${(e as Error).message}` }); }
    }
  }
  const needsYaml = inputs.some((f) => { const ls = f.text.split('\n').map((l) => l.replace(/\r$/, '')); const c = ls.findIndex((l, i) => i > 0 && /^---\s*$/.test(l)); return ls[0] === '---' && c > 0 && !plainMapping(ls.slice(1, c)); });
  const rest = lintTaskFiles(inputs, dir, needsYaml ? await yamlChecker() : undefined);
  return { files: inputs.length + early.length, findings: inFileOrder(early, rest, order) };
}

/**
 * Put the findings of unreadable/oversized files (`early`, each in file order) into the per-file
 * part of `rest` at their file's place (`order` = paths in processing order), ahead of the graph
 * findings, so the output follows the sorted file order of spec §5.5. Pure.
 */
export function inFileOrder(early: readonly LintFinding[], rest: readonly LintFinding[], order: readonly string[]): LintFinding[] {
  const idx = new Map(order.map((p, i) => [p, i]));
  const at = (f: LintFinding): number => idx.get(f.file) ?? Infinity;
  const out: LintFinding[] = [];
  let e = 0; let seen = -1;
  for (const f of rest) {
    const k = at(f);
    const limit = k < seen ? Infinity : k; // a step back in file order = the graph findings began
    while (e < early.length && at(early[e] as LintFinding) < limit) out.push(early[e++] as LintFinding);
    seen = Math.max(seen, k);
    out.push(f);
  }
  return [...out, ...early.slice(e)];
}

/** The full YAML check (loaded only when some frontmatter is not plain): parse errors and non-mappings, with the block line. */
export async function yamlChecker(): Promise<YamlCheck> {
  const { parseDocument } = await import('yaml');
  return (yaml) => {
    const doc = parseDocument(yaml, { uniqueKeys: true });
    const e = doc.errors[0];
    if (e) return { line: e.linePos?.[0]?.line ?? 1, message: `frontmatter is not valid YAML: ${e.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?\s*$/, '')}` };
    const v: unknown = doc.toJS();
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? null : { line: 1, message: 'frontmatter is not a YAML mapping' };
  };
}
