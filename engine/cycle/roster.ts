/**
 * The governance snapshot of a cycle (spec/engine.md §4.7), built only under a non-empty harness
 * policy: the roster (every registry harness, `present` = its launch binary is on PATH), lane →
 * harness, lane kinds, per-role worker counts, and the number of live code writers.
 */
import { HARNESSES } from '../../substrate/harness/registry.js';
import { which } from '../../substrate/proc/run.js';
import type { LaneState } from '../../substrate/observe.js';
import { isCodeWriter, type Roster, type RoleWorkers } from './governance.js';

/** Roster keyed by name. Never throws (a failed probe reads as not present). */
export async function buildRoster(): Promise<Roster> {
  const out: Roster = {};
  await Promise.all(HARNESSES.map(async (h) => {
    const bin = h.launch_cmd.trim().split(/\s+/)[0] ?? '';
    let present = true;
    if (bin && h.name !== 'shell') { try { present = (await which(bin)) !== null; } catch { present = false; } }
    out[h.name] = { name: h.name, present, capability_tags: h.capability_tags, cost_tier: h.cost_tier, autonomy_class: h.autonomy_class, drift_pins: h.drift_pins, oneshot_template: h.oneshot_template };
  }));
  return out;
}

export interface LaneGovernance { laneHarnesses: Record<string, string>; roleWorkers: Record<string, RoleWorkers>; codeWriters: number }

/** Lane-derived governance inputs from one observation (pure). */
export function laneGovernance(lanes: readonly LaneState[]): LaneGovernance {
  const laneHarnesses: Record<string, string> = {};
  const roleWorkers: Record<string, RoleWorkers> = {};
  let codeWriters = 0;
  for (const l of lanes) {
    if (l.harness) laneHarnesses[l.lane] = l.harness;
    if (l.laneKind !== 'worker') continue;
    const role = l.role ?? '';
    const w = roleWorkers[role] ?? (roleWorkers[role] = { live: 0, idle: 0 });
    w.live++;
    if (l.status === 'idle') w.idle++;
    if (isCodeWriter(l.harness, l.cmd)) codeWriters++;
  }
  return { laneHarnesses, roleWorkers, codeWriters };
}
