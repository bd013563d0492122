/**
 * Harness governance (spec/engine.md §6.3, §6.4, §6.7), pure: the policy from `engine.harness_policy`,
 * the roster of harnesses (registry + presence), the add_lane rewrite pass to a role default, the
 * per-add_lane harness verdict, reuse-before-spawn, and the worktree provisioning rule. An empty
 * policy (all defaults) makes everything here inert. No I/O.
 */
import type { Action, AddLaneAction, Classification } from '../protocol/decision.js';

export interface RoleRule { concurrency_allowance?: number; preferred_harness?: string; fallback?: string; spawn_when?: string; retire_after_idle_cycles?: number }
export interface HarnessPolicy {
  allow: string[]; deny: string[]; cost_ceiling: string; autonomy_cap: string;
  role_tag_map: Record<string, string[]>; role_defaults: Record<string, string>; high_risk_roles: string[];
  brain_allow: string[]; role_rules: Record<string, RoleRule>;
}
export interface RosterEntry { name: string; present: boolean; capability_tags: string; cost_tier: string; autonomy_class: string; drift_pins: string; health?: string; oneshot_template?: string }
export type Roster = Record<string, RosterEntry>;
export interface RoleWorkers { live: number; idle: number }

export const DEFAULT_POLICY: HarnessPolicy = { allow: [], deny: [], cost_ceiling: '', autonomy_cap: '', role_tag_map: {}, role_defaults: {}, high_risk_roles: ['infra'], brain_allow: [], role_rules: {} };

/** Is the policy the all-defaults pass-through (spec §2 "Empty policy")? */
export function policyIsEmpty(p: HarnessPolicy): boolean {
  return JSON.stringify(p) === JSON.stringify(DEFAULT_POLICY);
}

const COST: Record<string, number> = { '': 0, none: 0, low: 1, medium: 2, high: 3 };
const AUTONOMY: Record<string, number> = { '': 0, none: 0, attended: 1, unattended: 2 };
const BAD_HEALTH = new Set(['missing', 'unauthenticated', 'unhealthy']);
const tags = (s: string): string[] => s.split(',').map((t) => t.trim()).filter(Boolean);

/** Allowed for a role: (allow empty or listed) and (role unmapped, or tags intersect the role's required tags). */
export function allowedForRole(h: string, role: string | null, p: HarnessPolicy, roster: Roster): boolean {
  if (p.allow.length && !p.allow.includes(h)) return false;
  const need = role !== null ? p.role_tag_map[role] : undefined;
  if (!need) return true;
  const have = tags(roster[h]?.capability_tags ?? '');
  return need.some((t) => have.includes(t));
}

/** The harness verdict of an add_lane (spec §6.3) with the reason, or null when not judged. */
export function harnessVerdict(a: AddLaneAction, p: HarnessPolicy, roster: Roster): [Classification, string] | null {
  const h = a.harness;
  if (h === null) return null;
  if (p.deny.includes(h)) return ['blocked', `harness ${h} is denied by harness_policy.deny`];
  const e = roster[h];
  if (!e) return ['blocked', `harness ${h} is not in the roster`];
  if (!allowedForRole(h, a.role, p, roster)) return ['blocked', `harness ${h} is not allowed for role ${a.role ?? '(none)'}`];
  if (!e.present) return ['destructive', `harness ${h} is not installed (roster present:false)`];
  if (e.health && BAD_HEALTH.has(e.health)) return ['destructive', `harness ${h} health is ${e.health}`];
  if (p.cost_ceiling !== '' && (COST[e.cost_tier] ?? 3) > (COST[p.cost_ceiling] ?? 3)) return ['destructive', `harness ${h} cost ${e.cost_tier} is over the ceiling ${p.cost_ceiling}`];
  if (p.autonomy_cap !== '' && (AUTONOMY[e.autonomy_class] ?? 2) > (AUTONOMY[p.autonomy_cap] ?? 2)) return ['destructive', `harness ${h} autonomy ${e.autonomy_class} is over the cap ${p.autonomy_cap}`];
  if (e.drift_pins === 'high' && a.auto_approve && a.role !== null && p.high_risk_roles.includes(a.role)) return ['destructive', `high-drift harness ${h} with auto_approve in high-risk role ${a.role}`];
  return ['safe', ''];
}

/** Reuse-before-spawn (spec §6.4): an idle worker of the role exists and the allowance is used up. */
export function reuseVerdict(a: AddLaneAction, p: HarnessPolicy, workers: Record<string, RoleWorkers>): string | null {
  if (!a.role) return null;
  const w = workers[a.role];
  if (!w) return null;
  const allowance = p.role_rules[a.role]?.concurrency_allowance ?? 1;
  return w.idle >= 1 && w.live >= allowance ? `an idle ${a.role} worker exists (${w.idle} idle, ${w.live} live, allowance ${allowance}): reuse it` : null;
}

export interface Rewrite { window: string; role: string | null; from_harness: string; to_harness: string }

/** The rewrite pass (spec §6.3): a disallowed-for-role harness becomes the role default when that default is usable. */
export function rewriteHarnesses(actions: readonly Action[], p: HarnessPolicy, roster: Roster): { actions: Action[]; rewrites: Rewrite[] } {
  const rewrites: Rewrite[] = [];
  const out = actions.map((a): Action => {
    if (a.kind !== 'add_lane' || a.harness === null || p.deny.includes(a.harness) || !roster[a.harness] || allowedForRole(a.harness, a.role, p, roster)) return a;
    const d = a.role !== null ? p.role_defaults[a.role] : undefined;
    if (!d || d === a.harness || p.deny.includes(d) || !roster[d] || !allowedForRole(d, a.role, p, roster)) return a;
    rewrites.push({ window: a.window, role: a.role, from_harness: a.harness, to_harness: d });
    return { ...a, harness: d };
  });
  return { actions: out, rewrites };
}

/** A code writer: a harness that is set, not shell/mprocs, and no raw cmd (spec §4.7, §6.7). */
export function isCodeWriter(harness: string | null, cmd: string | null = null): boolean {
  return !!harness && harness !== 'shell' && harness !== 'mprocs' && cmd === null;
}

/**
 * Worktree provisioning (spec §6.7, §7): an explicit `worktree` field wins; otherwise a new code writer
 * gets its own worktree when a peer code writer is live, or when the ledger already has a branch for
 * the window (branch carry). Shell/dashboard/cmd lanes never do.
 */
export function wantsWorktree(a: AddLaneAction, codeWriters: number | null, branchCarry: boolean): boolean {
  if (typeof a.worktree === 'boolean') return a.worktree;
  if (!isCodeWriter(a.harness, a.cmd)) return false;
  return branchCarry || (codeWriters ?? 0) >= 1;
}

/** The prompt's roster block (spec §4.11 item 7): allowed + present + healthy harnesses, then the selection rubric. Pure. */
export function rosterBlock(roster: Roster, p: HarnessPolicy): string {
  const ok = Object.values(roster).filter((e) => !p.deny.includes(e.name) && (!p.allow.length || p.allow.includes(e.name)) && e.present && !(e.health && BAD_HEALTH.has(e.health)))
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .map((e) => `${e.name} tags=${e.capability_tags} cost=${e.cost_tier} autonomy=${e.autonomy_class} drift=${e.drift_pins}`);
  return [
    '--- harness roster (allowed + present + healthy) ---', ...(ok.length ? ok : ['(none)']),
    '--- harness selection rubric (first match wins) ---',
    '- brain / ingest → claude · product / docs → pi · codebase search → amp · bulk edits → opencode · fast one-shots → forge',
    '- headless coding → droid · probes → shell · dashboards → mprocs · otherwise the role\'s preferred_harness',
    '- tie-breakers: present and healthy first, then lower cost tier, then lower autonomy; reuse an idle worker of the role before adding one',
  ].join('\n');
}
