/**
 * `deck --all` (spec/wiki-tasks-pm-deck.md §9.9): every loopdeck session on this machine with its
 * engine state. Live engines are found through the per-user socket directory (each socket answers
 * `hello` with its project and session, then a `snapshot`); sessions under the given roots
 * (`<root>/.loop/sessions/<name>/engine/`) without a live engine are listed as `stopped`. Pure
 * reads: nothing is written, no engine is started. The table formatting is pure (formatAll).
 */
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { EngineClient, ConnectOptions } from '../engine/protocol/client.js';
import type { Snapshot } from '../engine/protocol/snapshot.js';

export interface AllRow { session: string; root: string; engine: string; pend: string; health: string }

export interface AllDeps {
  connect: (socketPath: string, opts: ConnectOptions) => Promise<EngineClient>;
  socketDir: () => string;
  /** How long one socket may take to answer `hello` + `snapshot` (ms, default 3000). */
  answerTimeoutMs?: number;
}

/** Lane health: `status:count` pairs sorted by status, or `-`. */
export function laneHealth(snap: Snapshot | null): string {
  if (!snap?.lanes.length) return '-';
  const counts = new Map<string, number>();
  for (const l of snap.lanes) counts.set(l.status, (counts.get(l.status) ?? 0) + 1);
  return [...counts.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([s, n]) => `${s}:${n}`).join(' ');
}

/** One row from a live engine's snapshot. */
export function rowFromSnapshot(snap: Snapshot): AllRow {
  const d = snap.decision;
  const open = d && (d.status === 'pending' || d.status === 'needs-human');
  const awaiting = open && d.actions.some((a) => a.status === 'awaiting-approval');
  return { session: snap.session, root: snap.project_root, engine: snap.engine.state === 'off' ? 'running' : snap.engine.state, pend: open ? (awaiting ? '1*' : '1') : '0', health: laneHealth(snap) };
}

/** The table: `SESSION` (18) `ENGINE` (8) `PEND` (5) `LANE HEALTH`, then the project root. */
export function formatAll(rows: readonly AllRow[], roots: readonly string[]): string {
  if (!rows.length) return `no loops found (nothing under any <root>/.loop/sessions/ of ${roots.join(', ') || '(no roots)'}, and no engine socket answered)\n`;
  // The health column is as wide as its longest cell, so ROOT lines up under its header.
  const hw = Math.max('LANE HEALTH'.length, ...rows.map((r) => r.health.length));
  const line = (r: AllRow): string => `${r.session.padEnd(18)} ${r.engine.padEnd(8)} ${r.pend.padEnd(5)} ${r.health.padEnd(hw)}  ${r.root}`.trimEnd();
  return [`${'SESSION'.padEnd(18)} ${'ENGINE'.padEnd(8)} ${'PEND'.padEnd(5)} ${'LANE HEALTH'.padEnd(hw)}  ROOT`, ...rows.map(line)].join('\n') + '\n';
}

const isDir = (p: string): boolean => { try { return statSync(p).isDirectory(); } catch { return false; } };

/** Sessions with an engine dir under each root (sorted, deduped by root + session). */
export function sessionsUnder(roots: readonly string[]): Array<{ root: string; session: string }> {
  const seen = new Map<string, { root: string; session: string }>();
  for (const r of roots) {
    const root = resolve(r);
    let names: string[];
    try { names = readdirSync(join(root, '.loop', 'sessions')); } catch { continue; }
    for (const n of names.sort()) if (isDir(join(root, '.loop', 'sessions', n, 'engine'))) seen.set(`${root}\0${n}`, { root, session: n });
  }
  return [...seen.values()];
}

/** Ask every live engine socket, then add the stopped sessions under `roots`. Never throws. */
export async function collectAll(roots: readonly string[], deps: AllDeps): Promise<AllRow[]> {
  const rows = new Map<string, AllRow>();
  let socks: string[] = [];
  try { socks = readdirSync(deps.socketDir()).filter((n) => n.endsWith('.sock')).sort(); } catch { /* no engines ever ran */ }
  await Promise.all(socks.map(async (n) => {
    // A wedged or SIGSTOPped engine accepts the connection but never answers: the client's request
    // deadlines (hello, then snapshot, within one budget) keep one stuck engine from hanging the
    // whole table. Its session is then listed from the roots like a stopped one.
    const budget = deps.answerTimeoutMs ?? 3000;
    const t0 = Date.now();
    let c: EngineClient | null = null;
    try {
      c = await deps.connect(join(deps.socketDir(), n), { client: 'deck --all', timeoutMs: Math.min(1500, budget), requestTimeoutMs: budget });
      const row = rowFromSnapshot(await c.call('snapshot', undefined, { timeoutMs: Math.max(1, budget - (Date.now() - t0)) }));
      rows.set(`${resolve(row.root)}\0${row.session}`, row);
    } catch { /* a dead, wedged or foreign socket: skipped */ } finally { c?.close(); }
  }));
  for (const s of sessionsUnder(roots)) {
    const k = `${s.root}\0${s.session}`;
    if (!rows.has(k)) rows.set(k, { session: s.session, root: s.root, engine: 'stopped', pend: '-', health: '-' });
  }
  return [...rows.values()].sort((a, b) => a.session.localeCompare(b.session) || a.root.localeCompare(b.root));
}
