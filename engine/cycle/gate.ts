/**
 * The gate (spec/engine.md §6): classify each action as safe, destructive or blocked by its
 * shape, apply the batch fan-out guard, and decide per approval mode what runs without a human.
 * Pure: no I/O, no clock. The gate does not trust the parser: unknown kinds, malformed task moves
 * and non-text modes fail closed.
 *
 * The dispatch-target verdict (§6.2) is judged from `laneInputs` (text into a non-agent lane is
 * destructive) and, under a harness policy, `laneHarnesses` + `roster` (unknown lane or harness:
 * blocked). Harness governance (§6.3) and reuse-before-spawn (§6.4) apply to add_lane only when
 * `policy` is given (non-empty) with a roster / role worker counts; absent, they are inert.
 */
import { ACTION_KINDS, actionTarget } from '../protocol/decision.js';
import type { Action, ActionKind, ApprovalMode, Classification } from '../protocol/decision.js';
import { harnessVerdict, reuseVerdict, type HarnessPolicy, type RoleWorkers, type Roster } from './governance.js';

export type LaneKind = 'standing' | 'worker';

/** Gate knobs from the engine config (spec §2): `max_dispatches_per_cycle`, `max_lanes`, `payload_patterns`. */
export interface GateConfig { maxDispatchesPerCycle: number; maxLanes: number; payloadPatterns: string[] }

export const DEFAULT_GATE_CONFIG: GateConfig = Object.freeze({
  maxDispatchesPerCycle: 4,
  maxLanes: 12,
  payloadPatterns: Object.freeze(['git push --force', 'rm -rf', 'reset --hard']) as string[],
});

/** The fixed lanes of a session (spec/substrate.md §1): always standing, never dropped by automation. */
export const BASE_LANES: readonly string[] = ['coord', 'web', 'infra', 'validate-left', 'validate-right', 'ops-top', 'ops-bottom', 'docs'];

/**
 * What the gate knows besides the action. `liveLaneCount` is the snapshot size, coord included;
 * `laneKinds` maps window → standing/worker from the lane listing (null/absent: unknown).
 */
export interface GateContext {
  liveLaneCount: number;
  laneKinds?: Record<string, LaneKind> | null;
  config: GateConfig;
  /**
   * What each live lane does with pasted text: `agent` (an agent CLI reads it as a prompt) or
   * `shell` (a shell or unknown program: every line runs as a command). Absent: not judged.
   */
  laneInputs?: Record<string, 'agent' | 'shell'> | null;
  /** Harnesses that are agents (take a brief as a prompt). Absent: not judged. */
  agentHarnesses?: ReadonlySet<string> | null;
  /** Current status of each task file. Absent: not judged. */
  taskStatuses?: Record<string, string> | null;
  /** Non-empty harness policy (spec §6.3–6.4); absent/null: governance inert. */
  policy?: HarnessPolicy | null;
  /** Roster keyed by harness; null with a policy means the roster could not be read. */
  roster?: Roster | null;
  /** Live lane → harness (from the lane listing), under a policy. */
  laneHarnesses?: Record<string, string> | null;
  /** Per role: live and idle worker lanes, under a policy. */
  roleWorkers?: Record<string, RoleWorkers> | null;
}
export interface GateInput extends GateContext { actions: Action[] }
/** A classification and the short operator-facing phrases that produced it (empty for plain safe). */
export interface Verdict { classification: Classification; reasons: string[] }

/** ADR acceptance is human-only (spec §6.1 step 4), as `loop-adr accept` or loopdeck's `loop adr accept`. */
const ADR_ACCEPT = /loop(?:-|\s+)adr\s+accept/i;
const SEVERITY: Record<Classification, number> = { safe: 0, destructive: 1, blocked: 2 };
const KNOWN_KINDS: ReadonlySet<string> = new Set(ACTION_KINDS);
const TASK_ID_RE = /^T\d{4}$/;

type Hit = readonly [Classification, string];

/** Read a string field off an action without trusting its declared type. */
function field(a: Action, name: string): string | null {
  const v = (a as unknown as Record<string, unknown>)[name];
  return typeof v === 'string' ? v : null;
}

/** The first payload pattern the text matches; an invalid regex is matched as a literal substring. */
function matchPattern(text: string, patterns: readonly string[]): string | null {
  for (const p of patterns) {
    let hit: boolean;
    try {
      hit = new RegExp(p).test(text);
    } catch {
      hit = text.includes(p);
    }
    if (hit) return p;
  }
  return null;
}

/** Standing = marked so in laneKinds, or a base lane name (fail closed when the listing is missing). */
function laneKindOf(window: string, kinds: Record<string, LaneKind> | null | undefined): LaneKind | null {
  if (BASE_LANES.includes(window)) return 'standing';
  if (kinds != null && Object.hasOwn(kinds, window)) return kinds[window] ?? null;
  return null;
}

/** Every rule of spec §6.1 that fires for `a`, as (classification, reason) pairs. */
function ruleHits(a: Action, ctx: GateContext): Hit[] {
  const kind: string = a.kind;
  if (!KNOWN_KINDS.has(kind)) return [['blocked', `unknown action kind ${JSON.stringify(kind)}`]];
  const hits: Hit[] = [];
  // Steps 1–2 (harness and dispatch-target verdicts) slot in here once governance lands.
  if (actionTarget(a) === 'coord') hits.push(['blocked', 'targets coord']);
  for (const name of ['payload', 'brief', 'cmd']) {
    const text = field(a, name);
    if (text !== null && ADR_ACCEPT.test(text)) hits.push(['blocked', `${name} accepts an ADR (human-only)`]);
  }
  switch (a.kind) {
    case 'verify': case 'build': case 'stop':
      break; // step 5: read-only review / isolated to the lane branch; step 14: stop is always safe
    case 'task_status': {
      if (a.to !== 'in-progress' && a.to !== 'review') hits.push(['blocked', `only a human moves a task to ${JSON.stringify(a.to)}`]);
      if (typeof a.task !== 'string' || !TASK_ID_RE.test(a.task)) hits.push(['blocked', 'malformed task id']);
      const cur = ctx.taskStatuses ? ctx.taskStatuses[a.task] : undefined;
      if (cur === 'done' || cur === 'dropped') hits.push(['blocked', `reopens a task a person closed (${cur})`]);
      if (cur === 'review' && a.to === 'in-progress') hits.push(['destructive', 'moves reviewed work back to in-progress']);
      if (ctx.taskStatuses && cur === undefined) hits.push(['destructive', 'no such task file']);
      break;
    }
    case 'drop_lane': {
      const k = laneKindOf(a.window, ctx.laneKinds);
      hits.push(k === 'standing' ? ['blocked', 'drop of a standing lane'] : ['destructive', k === 'worker' ? 'drop of a worker lane' : 'drop of a lane of unknown kind']);
      break;
    }
    case 'escalate':
      hits.push(['destructive', 'escalation must reach a human']);
      break;
    case 'dispatch': case 'steer': {
      if (a.kind === 'steer' && a.interrupt === true) hits.push(['destructive', 'interrupting steer']);
      if (a.mode !== 'text') hits.push(['destructive', 'command mode is raw shell']);
      const p = matchPattern(field(a, 'payload') ?? '', ctx.config.payloadPatterns);
      if (p !== null) hits.push(['destructive', `payload matches /${p}/`]);
      // Dispatch-target verdict (spec §6.2): text into a lane that is not an agent runs as shell input.
      // Under a policy (spec §6.2): a lane outside the listing, or whose harness the roster does not know, is blocked.
      if (a.mode === 'text' && ctx.policy && ctx.laneHarnesses) {
        const h = ctx.laneHarnesses[a.lane];
        if (h === undefined) hits.push(['blocked', `lane ${a.lane} has no known harness`]);
        else if (!ctx.roster || !ctx.roster[h]) hits.push(['blocked', `harness ${h} of lane ${a.lane} is not in the roster`]);
      }
      if (a.mode === 'text' && ctx.laneInputs) {
        const input = ctx.laneInputs[a.lane];
        if (input !== 'agent') hits.push(['destructive', input === 'shell' ? 'text into a non-agent lane is typed as shell input' : 'target lane is not in the lane listing']);
      }
      break;
    }
    case 'add_lane': {
      if (a.cmd !== null && a.cmd !== undefined) hits.push(['destructive', 'add_lane runs an arbitrary command']);
      if (ctx.liveLaneCount >= ctx.config.maxLanes) hits.push(['destructive', `lane cap reached (${ctx.liveLaneCount} live, max ${ctx.config.maxLanes})`]);
      if (a.auto_approve === true) hits.push(['destructive', 'auto-approve lets the new agent act without asking']);
      const p = matchPattern(field(a, 'brief') ?? '', ctx.config.payloadPatterns);
      if (p !== null) hits.push(['destructive', `brief matches /${p}/`]);
      if (ctx.policy && ctx.roster) {
        const v = harnessVerdict(a, ctx.policy, ctx.roster);
        if (v && v[0] !== 'safe') hits.push([v[0], v[1]]);
      }
      if (ctx.policy && ctx.roleWorkers) {
        const r = reuseVerdict(a, ctx.policy, ctx.roleWorkers);
        if (r) hits.push(['destructive', r]);
      }
      if (ctx.agentHarnesses && (a.harness === null || a.cmd !== null || !ctx.agentHarnesses.has(a.harness))) hits.push(['destructive', 'the brief goes to a lane that is not an agent (typed as shell input)']);
      break;
    }
  }
  return hits;
}

/**
 * Classify one action by its shape (spec §6.1, without governance). Precedence blocked >
 * destructive > safe; the result lists the reasons of every rule that fired at the winning level
 * (none for plain safe). Blocked: target coord, `loop-adr accept`/`loop adr accept` in payload,
 * brief or cmd, drop of a standing lane (laneKinds or a base lane), task_status to anything but
 * in-progress/review, unknown kind. Destructive: escalate, other drop_lane, interrupting steer,
 * command mode, add_lane with cmd, payload matching a config pattern, add_lane at the lane cap.
 * Never throws (invalid payload patterns match as literal substrings).
 */
export function classifyAction(a: Action, ctx: GateContext): Verdict {
  const hits = ruleHits(a, ctx);
  let classification: Classification = 'safe';
  for (const [c] of hits) if (SEVERITY[c] > SEVERITY[classification]) classification = c;
  return { classification, reasons: hits.filter(([c]) => c === classification).map(([, r]) => r) };
}

/**
 * Classify a batch, then apply the fan-out guard (spec §6.5): when the batch holds more
 * dispatch+steer+add_lane actions than `config.maxDispatchesPerCycle`, every safe one becomes
 * destructive; a task move paired with a dispatch takes that dispatch's classification. Returns
 * one Verdict per action, same order.
 */
export function gateBatch(input: GateInput): Verdict[] {
  // Lanes this batch adds count toward the lane cap of the adds after them.
  let adds = 0;
  let verdicts = input.actions.map((a) => {
    const v = classifyAction(a, { ...input, liveLaneCount: input.liveLaneCount + adds });
    if (a.kind === 'add_lane') adds++;
    return v;
  });
  const isSend = (a: Action | undefined): boolean => a?.kind === 'dispatch' || a?.kind === 'steer' || a?.kind === 'add_lane';
  const sends = input.actions.filter(isSend).length;
  if (sends > input.config.maxDispatchesPerCycle) {
    const reason = `fan-out: ${sends} dispatch/steer/add_lane actions, max ${input.config.maxDispatchesPerCycle} per cycle`;
    verdicts = verdicts.map((v, i) => (v.classification !== 'safe' || !isSend(input.actions[i]) ? v : { classification: 'destructive', reasons: [reason] }));
  }
  return pairTaskMoves(input.actions, verdicts);
}

/**
 * A `task_status → in-progress` that accompanies a dispatch of the same task in the batch is only
 * as safe as that dispatch: it needs the same approval (it runs only if the dispatch ran).
 */
function pairTaskMoves(actions: Action[], verdicts: Verdict[]): Verdict[] {
  return verdicts.map((v, i) => {
    const a = actions[i];
    if (a?.kind !== 'task_status' || a.to !== 'in-progress') return v;
    const j = actions.findIndex((d) => d.kind === 'dispatch' && d.task === a.task);
    const dv = j >= 0 ? verdicts[j] : undefined;
    if (!dv || SEVERITY[dv.classification] <= SEVERITY[v.classification]) return v;
    return { classification: dv.classification, reasons: [`follows its dispatch (action ${j}): ${dv.reasons.join('; ') || dv.classification}`] };
  });
}

/**
 * Approval-mode matrix (spec §6.6): does this action execute without a human? safe → auto, full;
 * destructive → full only; blocked never (it is created rejected); `escalate` never, in any mode.
 * An unrecognised mode or classification executes nothing.
 */
export function autoExecutes(c: Classification, kind: ActionKind, mode: ApprovalMode): boolean {
  if (kind === 'escalate') return false;
  if (c === 'safe') return mode === 'auto' || mode === 'full';
  if (c === 'destructive') return mode === 'full';
  return false;
}
