/**
 * The loop ledger `.loop/orchestrator-state.json` (spec/substrate.md §8, schema v2): an open-world
 * JSON object whose unknown keys every writer preserves. Also the loop registry derived from task
 * files and merged into `loops` (spec/wiki-tasks-pm-deck.md §5.6). A ledger we cannot parse is
 * reported and never overwritten.
 */
import { join } from 'node:path';
import { LoopError, isLoopError } from '../errors.js';
import { fingerprint, prepareAtomicWrite, readHead, readTextIfExists } from './atomic.js';
import { projectPaths } from './paths.js';
import { formatProblem, type FileProblem } from './problems.js';
import { listTasks, type Task } from './tasks.js';

export interface LedgerRead {
  /** The parsed object; null when the file is missing or malformed. */
  state: Record<string, unknown> | null;
  /** Why the file could not be used (null when missing or fine). */
  problem: FileProblem | null;
  /** The file's text as read (null when missing). */
  raw: string | null;
}

/** Line (1-based) and column of a char offset in `text`. */
function lineCol(text: string, pos: number): { line: number; col: number } {
  const before = text.slice(0, Math.max(0, Math.min(pos, text.length)));
  const nl = before.lastIndexOf('\n');
  return { line: before.split('\n').length, col: pos - nl };
}

/**
 * Char offset of a JSON.parse error in `text`: from "position N" when V8 gives it, else recovered from
 * the "Unexpected token 'x', ...\"context\"... is not valid JSON" form (context = 10 chars each side).
 */
function jsonErrorOffset(msg: string, text: string): number | null {
  const pos = /position (\d+)/.exec(msg);
  if (pos) return Number(pos[1]);
  if (/end of JSON/.test(msg)) return text.length;
  const m = /^Unexpected token '([^]+?)', (\.\.\.)?"([^]*)"(\.\.\.)? is not valid JSON$/.exec(msg);
  if (!m) return null;
  const [, tok = '', pre, snippet = '', post] = m;
  if (pre) { const i = text.indexOf(snippet); return i < 0 ? null : i + 10; }
  if (post) return Math.max(0, snippet.length - 10);
  const i = text.indexOf(tok);
  return i < 0 ? null : i;
}

/**
 * Read the ledger at `path`. Missing file → `{state: null, problem: null, raw: null}`. Invalid JSON →
 * a problem with the line (and column in the message) taken from the JSON error; a JSON value that is
 * not an object → a problem; unreadable file → a problem. Never throws.
 */
export function readLedger(path: string): LedgerRead {
  let raw: string | null;
  try { raw = readTextIfExists(path); } catch (e) { return { state: null, raw: null, problem: { file: path, message: (e as Error).message } }; }
  if (raw === null) return { state: null, problem: null, raw: null };
  const text = raw.replace(/^\uFEFF/, '');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const msg = (e as Error).message;
    const lc = /line (\d+) column (\d+)/.exec(msg);
    const offset = lc ? null : jsonErrorOffset(msg, text);
    const where = lc ? { line: Number(lc[1]), col: Number(lc[2]) } : offset === null ? null : lineCol(text, offset);
    const short = msg.replace(/, (\.\.\.)?"[^]*" is not valid JSON$/, '').split('\n')[0];
    const problem: FileProblem = { file: path, message: `invalid JSON: ${short}${where ? ` (column ${where.col})` : ''}` };
    if (where) problem.line = where.line;
    return { state: null, problem, raw };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const kind = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
    return { state: null, raw, problem: { file: path, message: `ledger is not a JSON object (got ${kind})` } };
  }
  return { state: value as Record<string, unknown>, problem: null, raw };
}

/**
 * Read-modify-write the ledger. `mutate` gets the current object (or `{}` when the file is missing)
 * and edits it in place; returning `false` means "nothing changed" and skips the write. Before
 * writing, `schema_version` defaults to 2 and every other key is kept as read; the write is atomic
 * (2-space JSON). If the file changes between read and write the whole step is retried (mutate may
 * run again), up to 3 attempts. Returns `{written, state}`. Throws LoopError `ledger-malformed` when
 * the existing file cannot be parsed (it is never overwritten), `ledger-changed` after 3 attempts,
 * `write-failed` on I/O errors.
 */
export function updateLedger(path: string, mutate: (state: Record<string, unknown>) => void | boolean): { written: boolean; state: Record<string, unknown> } {
  for (let attempt = 1; attempt <= 3; attempt++) {
    const before = fingerprint(path);
    const read = readLedger(path);
    if (read.problem) {
      throw new LoopError('ledger-malformed', `refusing to write the ledger: ${formatProblem(read.problem)}`, { hint: 'fix the file by hand; it was not changed' });
    }
    const state = read.state ?? {};
    if (mutate(state) === false) return { written: false, state };
    if (state.schema_version === undefined) state.schema_version = 2;
    const prepared = prepareAtomicWrite(path, `${JSON.stringify(state, null, 2)}\n`);
    let unchanged = false;
    try {
      unchanged = fingerprint(path) === before && readTextIfExists(path) === read.raw;
      if (unchanged) prepared.commit();
    } finally {
      if (!unchanged) prepared.abort();
    }
    if (!unchanged) continue;
    return { written: true, state };
  }
  throw new LoopError('ledger-changed', `${path} changed during 3 write attempts; not written`, { hint: 'retry' });
}

/** One loop derived from task files. */
export interface DerivedLoop {
  id: string;
  status: 'in-progress' | 'done';
  name: string;
}

/**
 * Group tasks by their `loop` (non-empty strings only) (§5.6): a loop is `in-progress` if any task is
 * open/in-progress/review, else `done`; `name` = `titleOf(id)` when it returns a non-empty string,
 * else the id. Sorted by id. Pure.
 */
export function deriveLoops(tasks: ReadonlyArray<Pick<Task, 'loop' | 'status'>>, titleOf: (id: string) => string | null = () => null): DerivedLoop[] {
  const active = new Map<string, boolean>();
  for (const t of tasks) {
    if (typeof t.loop !== 'string' || t.loop.trim() === '') continue;
    const busy = t.status === 'open' || t.status === 'in-progress' || t.status === 'review';
    active.set(t.loop, (active.get(t.loop) ?? false) || busy);
  }
  return [...active.keys()].sort(byCode).map((id) => ({ id, status: active.get(id) ? 'in-progress' : 'done', name: titleOf(id) || id }));
}

function byCode(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Display name of a loop: its page's first `# ` heading minus a leading `loop:` (wiki spec §2.6). */
function loopPageTitle(loopsDir: string, id: string): string | null {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(id)) return null;
  let head: Buffer | null;
  try { head = readHead(join(loopsDir, `${id}.md`), 16 * 1024); } catch { return null; }
  const line = head?.toString('utf8').split('\n').find((l) => l.startsWith('# '));
  const title = line?.slice(2).replace(/^\s*loop:/, '').trim();
  return title ? title : null;
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Derive loops from `<root>/tasks` (+ archive; malformed task files skipped and reported) and merge
 * them into the ledger's `loops` (§5.6): derived `status` wins, `name` is added only when the record
 * has none, every other field, every non-derived loop and every other top-level key is kept. Writes
 * (atomically) only when `loops` actually changed; with no derived loops nothing is written and no
 * ledger is created. Returns `{changed, loops: all loop ids after the merge, derived: derived ids,
 * problems}` (ids sorted) for the `loops-sync` event. Never throws: a malformed ledger, a `loops`
 * value that is not an object, or a failed write are reported in `problems` with `changed: false`.
 */
export function syncLoops(root: string): { changed: boolean; loops: string[]; derived: string[]; problems: FileProblem[] } {
  const paths = projectPaths(root);
  const listing = listTasks(paths.root);
  const problems = [...listing.problems];
  const derived = deriveLoops(listing.tasks, (id) => loopPageTitle(paths.loopsDir, id));
  const derivedIds = derived.map((d) => d.id);
  let loopIds: string[] = [];
  const current = readLedger(paths.ledger);
  if (current.problem) return { changed: false, loops: [], derived: derivedIds, problems: [...problems, current.problem] };
  if (isRecord(current.state?.loops)) loopIds = Object.keys(current.state.loops).sort(byCode);
  if (derived.length === 0) return { changed: false, loops: loopIds, derived: [], problems };
  try {
    const res = updateLedger(paths.ledger, (state) => {
      const before = state.loops;
      if (before !== undefined && !isRecord(before)) {
        problems.push({ file: paths.ledger, key: 'loops', message: 'loops is not an object; loop sync skipped' });
        return false;
      }
      const loops: Record<string, unknown> = { ...(before ?? {}) };
      for (const d of derived) {
        const rec = loops[d.id];
        if (rec === undefined) { loops[d.id] = { name: d.name, status: d.status }; continue; }
        if (!isRecord(rec)) { problems.push({ file: paths.ledger, key: `loops.${d.id}`, message: 'loop record is not an object; left untouched' }); continue; }
        const next: Record<string, unknown> = { ...rec, status: d.status };
        if (rec.name === undefined || rec.name === null || rec.name === '') next.name = d.name;
        loops[d.id] = next;
      }
      loopIds = Object.keys(loops).sort(byCode);
      if (JSON.stringify(loops) === JSON.stringify(before ?? {}) && before !== undefined) return false;
      state.loops = loops;
      return true;
    });
    return { changed: res.written, loops: loopIds, derived: derivedIds, problems };
  } catch (e) {
    if (!isLoopError(e)) throw e;
    problems.push({ file: paths.ledger, message: e.message });
    return { changed: false, loops: loopIds, derived: derivedIds, problems };
  }
}
