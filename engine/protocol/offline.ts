/**
 * The snapshot without an engine (spec/wiki-tasks-pm-deck.md §9.8 degraded mode): built from the
 * substrate, the project files and the engine's store opened read-only (the pending or most recent
 * decision, recent events, asks, history: offline-store.ts) — nothing is written. Lets the deck stay
 * a truthful dashboard while the engine is off.
 */
import { join } from 'node:path';
import { Tmux } from '../../substrate/tmux/server.js';
import { observeFleet, observeOptionsFromEnv, contractTs, type LaneState } from '../../substrate/observe.js';
import { listMailbox } from '../../substrate/files/mailbox.js';
import { listTasks } from '../../substrate/files/tasks.js';
import { readLedger } from '../../substrate/files/ledger.js';
import { formatProblem } from '../../substrate/files/problems.js';
import { capturePanes } from '../../substrate/observe.js';
import { listPanes } from '../../substrate/tmux/panes.js';
import { resolveLane } from '../../substrate/lanes.js';
import { screenTail } from '../../substrate/readiness.js';
import { buildSnapshot } from './build-snapshot.js';
import { readStoreOffline, type OfflineStoreView } from './offline-store.js';
import type { Snapshot } from './snapshot.js';
import { newestTranscript, readAdrs, readRestarts, stalePid, type SnapshotExtras } from './snapshot-extras.js';

export interface OfflineSource { root: string; session: string; socketName?: string; socketPath?: string }

/** Observe and read once. tmux problems become `problems` entries (lanes empty), never a throw. */
export async function offlineSnapshot(src: OfflineSource, changedAt = new Map<string, string>()): Promise<Snapshot> {
  const problems: string[] = [];
  let lanes: LaneState[] = [];
  try { lanes = (await observeFleet(new Tmux({ socketName: src.socketName, socketPath: src.socketPath }), src.session, observeOptionsFromEnv())).lanes; } catch (e) { problems.push(`tmux: ${(e as Error).message}`); }
  const mb = listMailbox(join(src.root, '.loop', 'messages'));
  const t = listTasks(src.root);
  const l = readLedger(join(src.root, '.loop', 'orchestrator-state.json'));
  for (const p of [...mb.problems, ...t.problems, ...(l.problem ? [l.problem] : [])]) problems.push(formatProblem(p));
  let stored: OfflineStoreView | null = null;
  try { stored = readStoreOffline(src.root, src.session); } catch (e) { problems.push(`engine store: ${(e as Error).message}`); }
  return buildSnapshot({
    source: 'offline', session: src.session, root: src.root, generatedAt: contractTs(),
    engine: { state: 'off', pid: null, approval_mode: null, brain: null, last_cycle: null, world_hash: null, world_hash_at: null, brain_calls_hour: 0, backoff_until: null },
    lanes, changedAt, ledger: l.state,
    mailbox: { pending: mb.pending.map(({ file, from, to, subject, mtime }) => ({ file, from, to, subject, mtime })), processed_count: mb.processedCount },
    tasks: t.tasks.map((x) => ({ id: x.id, title: x.title, status: x.status })), decision: stored?.decision ?? null, events: stored?.events ?? [], problems,
    extras: { ...offlineExtras(src), ...stored?.extras },
  });
}

/** Capture one lane's screen without an engine (read-only). Returns null when it does not resolve. */
export async function offlineCapture(src: OfflineSource, lane: string, lines = 200): Promise<string | null> {
  const tmux = new Tmux({ socketName: src.socketName, socketPath: src.socketPath });
  const r = resolveLane(await listPanes(tmux, src.session), lane);
  if (!r) return null;
  return screenTail((await capturePanes(tmux, [r.pane.paneId])).get(r.pane.paneId) ?? '', lines);
}

/** The deck's extra fields read from files (the store's asks, history and spend: offline-store.ts). */
function offlineExtras(src: OfflineSource): SnapshotExtras {
  const sessionDir = join(src.root, '.loop', 'sessions', src.session);
  const engineDir = join(sessionDir, 'engine');
  return { adrs: readAdrs(src.root), restarts: readRestarts(sessionDir), transcript: newestTranscript(engineDir), stale_pid: stalePid(engineDir) };
}
