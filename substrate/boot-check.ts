/**
 * `loop up --boot-check [secs]` (spec/substrate.md §1.9): after the slot commands are typed, watch
 * the AI lanes for up to `secs` and report which came up and which fell back to a bare shell.
 *
 * Departures (spec §16.9): only AI lanes are judged (a one-shot `curl` in ops-top finishing is not a
 * failure; other non-empty slots print `SKIP`), and the wait ends early once every AI lane is up and
 * reads `idle` — otherwise it lasts the whole budget, so a harness that dies after drawing its screen
 * is still caught. One observation (two tmux round trips) per 0.5 s poll.
 */
import type { Tmux } from './tmux/server.js';
import type { Slot, SlotPlan } from './config/slots.js';
import { observeFleet, type LaneState } from './observe.js';
import { isBareShell } from './harness/registry.js';
import { isAiCommand } from './watchdog.js';

/** Slots probed, in order (never coord). */
export const BOOT_ORDER: readonly Slot[] = ['web', 'infra', 'validate-left', 'validate-right', 'ops-top', 'ops-bottom', 'docs'];

export interface BootLine { stream: 'out' | 'err'; text: string }
export interface BootReport { checked: number; failed: number; lines: BootLine[] }

const pad16 = (s: string): string => (s.length >= 16 ? `${s} ` : s.padEnd(16));

/**
 * Judge the slots from one observation (pure): PASS / FAIL lines per AI slot, SKIP per other
 * non-empty slot, and the summary. `lanes` are the observed lane states by lane name.
 */
export function judgeBoot(slots: Record<Slot, SlotPlan>, lanes: Map<string, LaneState>): BootReport {
  const lines: BootLine[] = [{ stream: 'out', text: '[loop] boot-check results:' }];
  let checked = 0;
  let failed = 0;
  for (const slot of BOOT_ORDER) {
    const plan = slots[slot];
    if (!plan.cmd) continue;
    if (!isAiCommand(plan.cmd, plan.harness ?? '')) { lines.push({ stream: 'out', text: `  SKIP  ${pad16(slot)}not an AI lane (cmd: ${plan.cmd})` }); continue; }
    checked += 1;
    const st = lanes.get(slot);
    if (!st) { failed += 1; lines.push({ stream: 'err', text: `  FAIL  ${pad16(slot)}— could not resolve its pane` }); continue; }
    if (isBareShell(st.currentCommand)) {
      failed += 1;
      lines.push({ stream: 'err', text: `  FAIL  ${pad16(slot)}pane=${st.target} current=${st.currentCommand || '<empty>'}` });
      lines.push({ stream: 'err', text: `          expected harness from cmd: ${plan.cmd}` });
    } else lines.push({ stream: 'out', text: `  PASS  ${pad16(slot)}pane=${st.target} current=${st.currentCommand}` });
  }
  if (failed) {
    lines.push({ stream: 'err', text: `[loop] boot-check: ${failed}/${checked} lane(s) failed to launch` });
    lines.push({ stream: 'err', text: '[loop] boot-check: common causes: invalid model id, missing harness binary, wrong --flag' });
  } else lines.push({ stream: 'out', text: `[loop] boot-check: all ${checked} lane(s) live` });
  return { checked, failed, lines };
}

/**
 * Wait up to `maxMs` (early once every AI slot is up and idle), then judge. Never throws for a lane;
 * an observation failure at the deadline leaves every AI lane unresolved (FAIL).
 */
export async function bootCheck(tmux: Tmux, session: string, slots: Record<Slot, SlotPlan>, maxMs: number): Promise<BootReport> {
  const ai = BOOT_ORDER.filter((s) => slots[s].cmd && isAiCommand(slots[s].cmd, slots[s].harness ?? ''));
  const deadline = performance.now() + maxMs;
  let lanes = new Map<string, LaneState>();
  for (;;) {
    try { lanes = new Map((await observeFleet(tmux, session)).lanes.map((l) => [l.lane, l])); } catch { lanes = new Map(); }
    const allUp = ai.every((s) => { const l = lanes.get(s); return l && !isBareShell(l.currentCommand) && l.status === 'idle'; });
    if (allUp || performance.now() >= deadline) break;
    await new Promise((r) => setTimeout(r, Math.min(500, Math.max(0, deadline - performance.now()))));
  }
  return judgeBoot(slots, lanes);
}
