/**
 * Digest benchmark (issue 3 item 12; DESIGN.md §10): `loop digest --json` as a process on the large fixture of
 * ../shared/bench (500 loops, 2,000 pending and 20,000 processed messages, 100 ADRs; a git repo with no remote),
 * and the in-process part alone. The fixture mirrors make-fixture.sh's layout (names, frontmatter, ledger shape)
 * in Node, because the bash generator takes over a minute on a loaded machine; contents are not byte-identical.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../substrate/proc/run.js';
import { bin } from '../substrate/pkg.js';
import { buildDigest, digestInputFor } from '../substrate/digest.js';
import { RACY_MS } from '../substrate/digest-cache.js';

export interface BenchRow { what: string; ms: number; budget: string; ref?: number }

const LANES = ['coord', 'web', 'infra', 'validate', 'ops', 'docs'];
const STATUSES = ['spec', 'plan', 'implement', 'verify', 'canary', 'shipped', 'reverted', 'blocked'];
const stamp = (epoch: number): string => new Date(epoch * 1000).toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);

/** Write the fixture under `root`: L loops, M pending, P processed messages, A ADRs. */
export function makeDigestFixture(root: string, L = 500, M = 2000, P = 20_000, A = 100): void {
  const mb = join(root, '.loop', 'messages');
  mkdirSync(join(mb, 'processed'), { recursive: true });
  mkdirSync(join(root, 'docs', 'adr'), { recursive: true });
  const loops: Record<string, unknown> = {};
  for (let i = 1; i <= L; i++) {
    const id = `loop-${String(i).padStart(4, '0')}`;
    loops[id] = { name: `loop ${i} ledger sweep`, status: STATUSES[i % STATUSES.length], branch: `loop/${id}`, deployed_to: [`env-${i % 3}`], canary_target: `canary-${i % 4}`,
      artifacts: { spec: `ops-wiki/loops/${id}.md#spec`, plan: null, verify_record: null, canary_record: null, retro: null, decision_record: null }, commits: ['abc1234'], updated_by: LANES[i % 6] };
  }
  writeFileSync(join(root, '.loop', 'orchestrator-state.json'), JSON.stringify({ schema_version: 2, updated_at: '2026-06-13T00:00:00Z', session: 'bench', loops }, null, 2) + '\n');
  const base = 1_781_049_600 + 3600;
  const msg = (dir: string, i: number): void => {
    const from = LANES[i % 6]!;
    const to = LANES[(i + 1 + (i % 5)) % 6]!;
    writeFileSync(join(dir, `${stamp(base + i * 37)}-${from}-to-${to}.md`), `---\nfrom: ${from}\nto: ${to}\nsubject: status of the sweep (#${i})\nloop: loop-0001\n---\n\nThe ledger sweep passed; the canary is next.\nNothing else to report.\n`);
  };
  for (let i = 1; i <= P; i++) msg(join(mb, 'processed'), i);
  for (let i = 1; i <= M; i++) msg(mb, P + i);
  for (let i = 1; i <= A; i++) {
    const n = String(i).padStart(4, '0');
    writeFileSync(join(root, 'docs', 'adr', `${n}-decision-${i}.md`), `---\nstatus: Accepted\ndate: 2026-06-10\ndeciders: coord\nverify_record: v.md\ncanary_record:\nrollback: git revert\n---\n\n# ${n}. Decision ${i}\n\n## Context and Problem Statement\n\nText.\n`);
  }
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Build the fixture in a temp dir (a git repo, no remote), time the digest, remove it. */
export async function benchDigest(runs = 7): Promise<BenchRow[]> {
  const root = mkdtempSync(join(tmpdir(), 'loopdeck-bench-digest-'));
  // The digest's cache (digest-cache.ts) goes beside the fixture and is removed with it, not left in ~/.cache.
  const cacheWas = process.env.LOOPDECK_CACHE_DIR;
  process.env.LOOPDECK_CACHE_DIR = `${root}.cache`;
  try {
    await run(['git', 'init', '-q', '-b', 'main'], { cwd: root });
    makeDigestFixture(root);
    // A real mailbox is not written in full within the last 2 s: let the fixture settle past the caches' racy
    // window (digest-cache.ts), so the warm-up run records what later runs reuse, as a second digest would.
    await new Promise((r) => setTimeout(r, RACY_MS + 100));
    const inproc: number[] = [];
    const proc: number[] = [];
    await buildDigest(digestInputFor(root));
    for (let i = 0; i < runs; i++) { const t = performance.now(); await buildDigest(digestInputFor(root)); inproc.push(performance.now() - t); }
    await run([bin('loop'), 'digest', '--json', '--project-root', root]);
    for (let i = 0; i < runs; i++) { const t = performance.now(); await run([bin('loop'), 'digest', '--json', '--project-root', root]); proc.push(performance.now() - t); }
    // The same with no cache to reuse (a first run, or a cache dir that cannot be written): each run gets an empty one.
    const cold: number[] = [];
    for (let i = 0; i < runs; i++) {
      const env = { LOOPDECK_CACHE_DIR: `${root}.cold${i}` };
      const t = performance.now(); await run([bin('loop'), 'digest', '--json', '--project-root', root], { env }); cold.push(performance.now() - t);
      rmSync(env.LOOPDECK_CACHE_DIR, { recursive: true, force: true });
    }
    return [
      { what: 'digest in-process (500 loops, 2,000 pending, 20,000 processed, 100 ADRs)', ms: median(inproc), budget: '-' },
      { what: 'loop digest --json as a process (same fixture, cache filled by an earlier run)', ms: median(proc), budget: '≤ 200 ms', ref: 256 },
      { what: 'loop digest --json as a process (same fixture, empty cache: a first run)', ms: median(cold), budget: '-', ref: 256 },
    ];
  } finally {
    if (cacheWas === undefined) delete process.env.LOOPDECK_CACHE_DIR;
    else process.env.LOOPDECK_CACHE_DIR = cacheWas;
    rmSync(root, { recursive: true, force: true });
    rmSync(`${root}.cache`, { recursive: true, force: true });
  }
}
