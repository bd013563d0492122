/**
 * The daemon's `drive-pending` trigger (spec/engine.md §12.3, acceptance 57), pure over what the
 * daemon already probed: fire when surfacing would change something now — a build marker whose
 * runner is gone while a baseline sha exists, or that is older than the build timeout; a verify
 * marker whose result file holds a usable `overall`, or that is past the soft timeout with its
 * runner gone, or past the hard timeout. A live runner on an advanced branch does not fire.
 */
import { BUILD_TIMEOUT_S, VERIFY_HARD_TIMEOUT_S, VERIFY_SOFT_TIMEOUT_S } from './paths.js';

export interface DriveState {
  /** ms since epoch. */
  now: number;
  builds: Array<{ started_at: string; pre_build_sha?: string; runnerAlive: boolean }>;
  verifies: Array<{ started_at: string; resultPresent: boolean; runnerAlive: boolean }>;
}

/** Age in seconds of a contract timestamp; Infinity when unparseable (treated as expired, spec §10.3). */
export function ageS(startedAt: string, now: number): number {
  const t = Date.parse(startedAt);
  return Number.isFinite(t) ? (now - t) / 1000 : Infinity;
}

/** Does any marker need surfacing now? */
export function drivePending(s: DriveState): boolean {
  for (const b of s.builds) {
    if (!b.runnerAlive && b.pre_build_sha) return true;
    if (ageS(b.started_at, s.now) > BUILD_TIMEOUT_S) return true;
  }
  for (const v of s.verifies) {
    if (v.resultPresent) return true;
    const age = ageS(v.started_at, s.now);
    if (age > VERIFY_HARD_TIMEOUT_S || (age > VERIFY_SOFT_TIMEOUT_S && !v.runnerAlive)) return true;
  }
  return false;
}
