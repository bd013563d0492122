/**
 * PATH and version probes for the harness registry (spec/substrate.md §10.3 `binary_path`, `present`, `health`,
 * §10.4 `probe`, `roster`). The registry itself stays pure data; everything that looks at the machine is here.
 */
import { parse } from 'shell-quote';
import { run, which } from '../proc/run.js';
import { getHarness, harnessNames, resolveLaunch, HARNESSES, type Harness } from './registry.js';
import { LoopError } from '../errors.js';

/**
 * The executable of a launch line: its first word, shell-quoting honoured (`'/opt/my agent/bin' --x` →
 * `/opt/my agent/bin`; the reference stripped one leading quote off the first space-delimited token, §1.8).
 * `''` for an empty launch.
 */
export function launchBinary(launch: string): string {
  const first = parse(launch.trim())[0];
  return typeof first === 'string' ? first : '';
}

/** What `loop harness probe NAME [MODEL]` reports (§10.4), plus loopdeck's `version` (additive). */
export interface ProbeReport {
  harness: string;
  launch_cmd: string;
  model: string | null;
  expected_process: string;
  auto_approve_flag: string;
  paste_enter_delay: string;
  skill_dir: string;
  non_interactive: string;
  oneshot_template: string;
  /** Absolute path of the launch binary; null when not on PATH or when the harness has no launch (shell). */
  binary: string | null;
  /** True when the binary resolves on PATH, or the harness has no launch at all (shell). */
  present: boolean;
  /** First line of `<binary> --version` (2 s budget), null when not found, failing or silent. */
  version: string | null;
}

/** Look up a harness or throw the §10.4 `unknown harness` error (exit 1). */
export function requireHarness(name: string): Harness {
  const h = getHarness(name);
  if (!h) throw new LoopError('unknown-harness', `unknown harness: ${name}`, { hint: `known: ${harnessNames().join(' ')}` });
  return h;
}

/**
 * Probe one harness: resolve the launch (model applied per §10.3), find its binary on `pathEnv`, and when found ask
 * it for `--version` (stdin closed, 2 s timeout; a failure just leaves `version` null). Never starts the harness
 * interactively. @throws LoopError unknown-harness.
 */
export async function probeHarness(name: string, model?: string | null, opts: { pathEnv?: string; version?: boolean } = {}): Promise<ProbeReport> {
  const h = requireHarness(name);
  const launch = resolveLaunch(name, model ?? null);
  const bin = launchBinary(launch);
  const binary = bin ? await which(bin, opts.pathEnv ?? process.env.PATH ?? '') : null;
  let version: string | null = null;
  if (binary && opts.version !== false) {
    try {
      const r = await run([binary, '--version'], { timeoutMs: 2000, reject: false });
      version = (r.stdout.trim() || r.stderr.trim()).split('\n')[0]?.trim().slice(0, 200) || null;
      if (r.exitCode !== 0) version = null;
    } catch { version = null; }
  }
  return {
    harness: name, launch_cmd: launch, model: model || null, expected_process: h.expected_process, auto_approve_flag: h.auto_approve_flag,
    paste_enter_delay: h.paste_enter_delay, skill_dir: h.skill_dir, non_interactive: h.non_interactive_flag, oneshot_template: h.oneshot_template,
    binary, present: bin === '' || binary !== null, version,
  };
}

/** `roster` rows (§10.4): every harness in table order with `present` from a PATH lookup (no version runs). */
export async function roster(pathEnv = process.env.PATH ?? ''): Promise<Array<Pick<Harness, 'name' | 'capability_tags' | 'cost_tier' | 'autonomy_class' | 'auth_requirement' | 'health_probe' | 'drift_pins' | 'oneshot_template'> & { present: boolean }>> {
  return Promise.all(HARNESSES.map(async (h) => {
    const bin = launchBinary(h.launch_cmd);
    const present = bin === '' || (await which(bin, pathEnv)) !== null;
    const { name, capability_tags, cost_tier, autonomy_class, auth_requirement, health_probe, drift_pins, oneshot_template } = h;
    return { name, present, capability_tags, cost_tier, autonomy_class, auth_requirement, health_probe, drift_pins, oneshot_template };
  }));
}

/**
 * `health NAME` (§10.3): `missing` when the binary is not on PATH, `ok` when present and there is no probe; a
 * probe (argv split on spaces, never a shell) that fails → `unauthenticated` for account/gateway auth, else
 * `unhealthy`. @throws LoopError unknown-harness.
 */
export async function harnessHealth(name: string, pathEnv = process.env.PATH ?? ''): Promise<'ok' | 'missing' | 'unauthenticated' | 'unhealthy'> {
  const h = requireHarness(name);
  const bin = launchBinary(h.launch_cmd);
  if (bin && !(await which(bin, pathEnv))) return 'missing';
  if (!h.health_probe) return 'ok';
  const argv = h.health_probe.trim().split(/\s+/);
  const r = await run(argv, { timeoutMs: 10_000, reject: false }).catch(() => null);
  if (r && r.exitCode === 0) return 'ok';
  return h.auth_requirement === 'account' || h.auth_requirement === 'gateway' ? 'unauthenticated' : 'unhealthy';
}
