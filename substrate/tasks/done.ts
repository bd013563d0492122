/**
 * The second stage of done (spec/wiki-tasks-pm-deck.md §5.4): a person (or the PM pull) promotes a
 * task to `done` (or `dropped`) and archives it. The loop itself never calls this — it stops at
 * `review` (substrate/files/tasks.ts setTaskStatus refuses done/dropped).
 */
import { readdirSync, readFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { LoopError } from '../errors.js';
import { writeFileExclusive } from '../files/atomic.js';
import { appendLog } from '../files/wiki.js';

/**
 * Move task `id` from `tasksDir` into `tasksDir/archive/` with its `status:` line set to `to` (only
 * that value changes; every other byte, the body included, is kept), then append
 * `## [YYYY-MM-DD] task | <id> done` (or `dropped`) to `logPath`. Written as: archive copy created
 * exclusively first, then the old name removed — a crash can leave a duplicate, never a loss.
 * Returns `{from, archived: new path}`. Throws LoopError `task-missing` (no `tasks/<id>-*.md`), `task-ambiguous` (several),
 * `task-not-review` (status is not `review` and `force` is false), `task-malformed` (no single
 * `status:` line in the frontmatter), `task-archive-exists`.
 */
export function archiveTask(tasksDir: string, id: string, opts: { to: 'done' | 'dropped'; logPath: string; now: Date; force?: boolean }): { from: string; archived: string } {
  if (!/^T\d{4}$/.test(id)) throw new LoopError('task-invalid', `task id '${id}' must be T<NNNN>`);
  let names: string[] = [];
  try { names = readdirSync(tasksDir); } catch { /* reported below */ }
  const matches = names.filter((n) => n.startsWith(`${id}-`) && n.endsWith('.md')).sort();
  if (matches.length > 1) throw new LoopError('task-ambiguous', `${matches.length} task files carry ${id} in ${tasksDir}: ${matches.join(', ')}; nothing changed`, { hint: 'give one of them a new id (`loop task-lint` reports the duplicate), then retry' });
  const name = matches[0];
  if (!name) throw new LoopError('task-missing', `no task file ${id}-*.md in ${tasksDir}`, { hint: 'archived tasks are already done; check the id' });
  const src = join(tasksDir, name);
  const text = readFileSync(src, 'utf8');
  const lines = text.split('\n');
  const close = lines[0]?.replace(/\r$/, '') === '---' ? lines.findIndex((l, i) => i > 0 && /^---\s*\r?$/.test(l)) : -1;
  const at = close < 0 ? [] : lines.map((l, i) => (i > 0 && i < close && l.startsWith('status:') ? i : -1)).filter((i) => i >= 0);
  if (at.length !== 1 || at[0] === undefined) throw new LoopError('task-malformed', `${src}: expected frontmatter with exactly one status: line; file left unchanged`, { hint: 'run `loop task-lint`' });
  const line = lines[at[0]] ?? '';
  const m = /^status:([ \t]*)([^#\r]*?)([ \t]+#.*)?(\r?)$/.exec(line);
  const from = (m?.[2] ?? '').trim();
  if (from !== 'review' && !opts.force) throw new LoopError('task-not-review', `${id} is '${from}', not 'review': only reviewed work is promoted`, { hint: 'pass --force to archive it anyway' });
  lines[at[0]] = `status:${m?.[1] || ' '}${opts.to}${m?.[3] ?? ''}${m?.[4] ?? ''}`;
  const dest = join(tasksDir, 'archive', name);
  if (!writeFileExclusive(dest, lines.join('\n'))) throw new LoopError('task-archive-exists', `${dest} already exists; nothing changed`);
  unlinkSync(src);
  appendLog(opts.logPath, 'task', `${id} ${opts.to}`, opts.now);
  return { from, archived: dest };
}
