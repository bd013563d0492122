/**
 * Checkpoint assembly budget (DESIGN.md §10, issue 4 item 12): ≤ 200 ms on a ledger of 500 loops
 * with 2,000 pending messages and 20,000 processed ones. Median of 9 runs of the full read +
 * projection + assembly (the engine's per-cycle cost), in process.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assembleCheckpoint, readCheckpointInputs } from '../substrate/checkpoint/assemble.js';

/** Returns [label, median ms, budget, prompt tokens]. */
export async function benchCheckpoint(): Promise<{ what: string; ms: number; budget: string; tokens: number }> {
  const root = mkdtempSync(join(tmpdir(), 'loopdeck-bench-cp-'));
  try {
    const wiki = join(root, 'ops-wiki');
    const mb = join(root, '.loop', 'messages');
    mkdirSync(join(mb, 'processed'), { recursive: true });
    mkdirSync(wiki, { recursive: true });
    const loops: Record<string, unknown> = {};
    for (let i = 0; i < 500; i++) loops[`loop-${i}`] = { status: i % 3 ? 'in-progress' : 'done', branch: `lane/l${i}`, artifacts: ['a.md', 'b.md'] };
    writeFileSync(join(root, '.loop', 'orchestrator-state.json'), JSON.stringify({ updated_at: '2026-01-01T00:00:00Z', objective: 'bench', loops }));
    const entries = Array.from({ length: 10 }, (_, i) => `### [2026-01-01T00:00:0${i}Z] decision d-${i} (approved)\n\ncritique\n0. stop - [safe/executed]: done\n`).join('\n');
    writeFileSync(join(wiki, 'checkpoint.md'), `# checkpoint\n\n## Current objective\nx\n\n<!-- coord-decisions -->\n${entries}`);
    writeFileSync(join(wiki, 'index.md'), '# index\n' + Array.from({ length: 100 }, (_, i) => `- [page ${i}](p${i}.md)`).join('\n') + '\n');
    writeFileSync(join(wiki, 'log.md'), Array.from({ length: 5000 }, (_, i) => `## [2026-01-01] ingest | m${i}\n`).join(''));
    for (let i = 0; i < 2000; i++) writeFileSync(join(mb, `20260101-${String(i).padStart(6, '0')}-web-to-coord.md`), '---\nsubject: x\n---\nbody\n');
    for (let i = 0; i < 20000; i++) writeFileSync(join(mb, 'processed', `20250101-${String(i).padStart(6, '0')}-web-to-coord.md`), '');
    const xs: number[] = [];
    let tokens = 0;
    for (let i = 0; i < 10; i++) {
      const t = performance.now();
      tokens = assembleCheckpoint(readCheckpointInputs(root, null)).tokens;
      if (i > 0) xs.push(performance.now() - t);
    }
    xs.sort((a, b) => a - b);
    return { what: 'checkpoint assembly (500 loops, 2,000 pending, 20,000 processed)', ms: xs[Math.floor(xs.length / 2)]!, budget: '≤ 200 ms', tokens };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
