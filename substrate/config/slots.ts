/**
 * `loop up` slot resolution (spec/substrate.md §1.4–1.7): presets fill empty slots, `--*-cmd`
 * flags beat presets, a lane-config lane block beats both. Pure: returns the plan that
 * `--print-cmds` prints and `up` executes.
 */
import { getHarness, isKnownHarness, resolveLaunch, harnessNames } from '../harness/registry.js';
import type { LaneConfig, LaneSpec } from './lane-config.js';
import { LoopError } from '../errors.js';

export const SLOTS = ['coord', 'web', 'infra', 'validate-left', 'validate-right', 'ops-top', 'ops-bottom', 'docs'] as const;
export type Slot = (typeof SLOTS)[number];
export const PRESETS = ['pi-claude', 'all-pi', 'all-claude', 'validation-only', 'monitor'] as const;
export type Preset = (typeof PRESETS)[number];

export interface SlotPlan { cmd: string; harness: string | null; model: string | null; role: string | null }

export interface SlotInput {
  preset?: string;
  /** Per-slot literal commands from `--<slot>-cmd` flags. */
  flags: Partial<Record<Slot, string>>;
  validateCmd?: string;
  gatewayHealthCmd?: string;
  logStreamCmd?: string;
  /** The live digest command for coord under presets. */
  digestCmd: string;
  laneConfig?: LaneConfig | null;
  projectRoot: string;
  /** LANE_CONFIG_PRESERVE_PATHS: do not rewrite `scripts/…` / `./…` cmds. */
  preservePaths?: boolean;
}

export interface SlotResolution { slots: Record<Slot, SlotPlan>; warnings: string[] }

/** Rewrite a cmd whose first token starts with `scripts/` or `./` to live under the project root (§11.1). */
export function rewriteCmd(cmd: string, root: string, preserve = false): string {
  if (preserve) return cmd;
  const m = /^(\s*)(\S+)([\s\S]*)$/.exec(cmd);
  if (!m) return cmd;
  const tok = m[2]!;
  if (tok.startsWith('scripts/')) return `${m[1]}${root}/${tok}${m[3]}`;
  if (tok.startsWith('./')) return `${m[1]}${root}/${tok.slice(2)}${m[3]}`;
  return cmd;
}

/**
 * The launch line of a lane-config lane (§11.3). `withAutoApprove` appends the harness's
 * auto-approve flag (bootstrap uses it, §1.6).
 * @throws LoopError lane-config when the harness is missing or unknown.
 */
export function laneLaunch(name: string, spec: LaneSpec, root: string, withAutoApprove: boolean, preserve = false): string {
  const h = spec.harness;
  if (!h) throw new LoopError('lane-config', `lane '${name}': no harness`, { hint: `set lanes.${name}.harness to one of: ${harnessNames().join(' ')}` });
  if (!isKnownHarness(h)) throw new LoopError('lane-config', `lane '${name}': unknown harness '${h}'`, { hint: `known: ${harnessNames().join(' ')}` });
  if (h === 'shell') return rewriteCmd(spec.cmd ?? '', root, preserve);
  if (h === 'mprocs') return spec.cmd ? rewriteCmd(spec.cmd, root, preserve) : 'mprocs';
  const base = resolveLaunch(h, spec.model ?? null);
  const flag = getHarness(h)?.auto_approve_flag ?? '';
  return withAutoApprove && flag ? `${base} ${flag}` : base;
}

const PRESET_FILL: Record<Preset, Partial<Record<Slot, 'digest' | 'pi' | 'claude' | 'validate' | 'gateway' | 'logs'>>> = {
  'pi-claude': { coord: 'digest', web: 'pi', infra: 'claude', 'validate-left': 'validate', 'ops-top': 'gateway', 'ops-bottom': 'logs' },
  'all-pi': { coord: 'digest', web: 'pi', infra: 'pi', 'validate-left': 'validate', 'ops-top': 'gateway', 'ops-bottom': 'logs' },
  'all-claude': { coord: 'digest', web: 'claude', infra: 'claude', 'validate-left': 'validate', 'ops-top': 'gateway', 'ops-bottom': 'logs' },
  'validation-only': { 'validate-left': 'validate' },
  monitor: { coord: 'digest', 'ops-top': 'gateway', 'ops-bottom': 'logs' },
};

/**
 * Resolve all eight slots. Precedence preset < flags < lane-config (§1.5).
 * @throws LoopError usage for an unknown preset; lane-config for an unresolvable lane.
 */
export function resolveSlots(input: SlotInput): SlotResolution {
  const warnings: string[] = [];
  const empty = (): SlotPlan => ({ cmd: '', harness: null, model: null, role: null });
  const slots = Object.fromEntries(SLOTS.map((s) => [s, empty()])) as Record<Slot, SlotPlan>;
  for (const s of SLOTS) if (input.flags[s]) slots[s].cmd = input.flags[s]!;
  if (input.preset) {
    if (!(PRESETS as readonly string[]).includes(input.preset)) throw new LoopError('usage', `Unknown preset: ${input.preset}`, { exitCode: 1, hint: `presets: ${PRESETS.join(', ')}` });
    for (const [slot, what] of Object.entries(PRESET_FILL[input.preset as Preset]) as Array<[Slot, string]>) {
      if (slots[slot].cmd) continue;
      const v = what === 'digest' ? input.digestCmd : what === 'validate' ? input.validateCmd : what === 'gateway' ? input.gatewayHealthCmd : what === 'logs' ? input.logStreamCmd : what;
      if (v) slots[slot] = { cmd: v, harness: what === 'pi' || what === 'claude' ? what : null, model: null, role: null };
    }
  }
  for (const { name, spec } of input.laneConfig?.lanes ?? []) {
    if (name === 'coord') continue;
    if (!(SLOTS as readonly string[]).includes(name)) { warnings.push(`lane-config lane '${name}' has no tmux slot — ignoring`); continue; }
    slots[name as Slot] = { cmd: laneLaunch(name, spec, input.projectRoot, true, input.preservePaths), harness: spec.harness ?? null, model: spec.model ?? null, role: spec.role ?? null };
  }
  return { slots, warnings };
}

/** `--print-cmds` lines (§1.7), KEY=value in the contract order. */
export function printCmds(session: string, webRoot: string, infraRoot: string, slots: Record<Slot, SlotPlan>): string[] {
  const key = (s: Slot): string => `AUTO_${s.toUpperCase().replace(/-/g, '_')}_CMD`;
  return [`SESSION_NAME=${session}`, `WEB_ROOT=${webRoot}`, `INFRA_CD_ROOT=${infraRoot}`, ...SLOTS.map((s) => `${key(s)}=${slots[s].cmd}`)];
}
