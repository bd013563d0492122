/**
 * `loop task-lint` as a process over 50 and 500 task files (budgets ≤ 300 ms and ≤ 600 ms,
 * DESIGN.md §10 / issue 5). Returns table rows for bench/main.ts; never fails on timing.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../substrate/proc/run.js';
import { bin } from '../substrate/pkg.js';
import { renderTask } from '../substrate/files/tasks.js';

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

/** Rows `[what, median, budget, reference]` for 50 and 500 tasks (a dependency chain, a third archived). */
export async function benchTasks(): Promise<Array<[string, string, string, string]>> {
  const rows: Array<[string, string, string, string]> = [];
  for (const [n, budget] of [[50, '≤ 300 ms'], [500, '≤ 600 ms']] as const) {
    const dir = mkdtempSync(join(tmpdir(), 'loopdeck-bench-tasks-'));
    try {
      mkdirSync(join(dir, 'archive'));
      for (let i = 1; i <= n; i++) {
        const id = `T${String(i).padStart(4, '0')}`;
        const archived = i % 3 === 0;
        const text = renderTask({ id, title: `task number ${i}`, status: 'open', depends_on: i > 1 ? [`T${String(i - 1).padStart(4, '0')}`] : [], scope: 'bench', sections: { objective: 'o', context: 'c', deliverables: 'd', acceptance: 'a', verification: 'v', outOfScope: 'x' } });
        writeFileSync(join(dir, archived ? 'archive' : '', `${id}-task-${i}.md`), archived ? text.replace('status: open', 'status: done') : text);
      }
      const xs: number[] = [];
      for (let k = 0; k < 7; k++) {
        const t = performance.now();
        const r = await run([bin('loop'), 'task-lint', '--tasks-dir', dir], { reject: false });
        xs.push(performance.now() - t);
        if (r.exitCode !== 0) throw new Error(`task-lint found problems in the bench pack: ${r.stdout.slice(0, 300)}`);
      }
      const ms = median(xs.slice(1));
      process.stdout.write(`  loop task-lint as a process (${n} tasks): ${ms.toFixed(1)} ms\n`);
      rows.push([`loop task-lint as a process (${n} tasks)`, `${ms.toFixed(1)} ms`, budget, '-']);
    } finally { rmSync(dir, { recursive: true, force: true }); }
  }
  return rows;
}
