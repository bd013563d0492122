/**
 * The one shape every file reader in substrate/files/ uses to report bad input instead of throwing:
 * a malformed file is named (path, line when known, key when relevant), skipped, and never rewritten.
 */

/** One problem found in one input file. `line` is 1-based; `key` is the offending key/field, if any. */
export interface FileProblem {
  file: string;
  line?: number;
  key?: string;
  message: string;
}

/**
 * Render a problem as one line: `file:line: key: message`, leaving out the parts that are absent
 * (`file: message`, `file:12: message`, `file: key: message`). Never throws.
 */
export function formatProblem(p: FileProblem): string {
  const where = p.line === undefined ? p.file : `${p.file}:${p.line}`;
  const key = p.key === undefined || p.key === '' ? '' : `${p.key}: `;
  return `${where}: ${key}${p.message}`;
}

/**
 * Turn an error from the `yaml` package into a problem for `file`. `lineOffset` is added to the
 * error's 1-based line (e.g. 1 when the YAML started on the line after a `---` fence). The message is
 * the error's first line without yaml's own "at line N, column M" suffix (the column is kept in
 * parentheses). Accepts any thrown value; never throws.
 */
export function yamlProblem(file: string, err: unknown, lineOffset = 0, prefix = 'invalid YAML'): FileProblem {
  const e = err as { message?: unknown; linePos?: Array<{ line: number; col: number }> };
  const raw = typeof e?.message === 'string' ? e.message : String(err);
  const first = (raw.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?\s*$/, '').trim();
  const pos = Array.isArray(e?.linePos) ? e.linePos[0] : undefined;
  const problem: FileProblem = { file, message: `${prefix}: ${first}${pos ? ` (column ${pos.col})` : ''}` };
  if (pos) problem.line = pos.line + lineOffset;
  return problem;
}
