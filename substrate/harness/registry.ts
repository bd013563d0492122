/**
 * The harness registry as data (spec/substrate.md §10): one row per agent CLI (or plain program) a lane can
 * run, with its launch command, model flag, auto-approve flag, one-shot template, governance fields and the
 * readiness markers the lane-status classifier uses (§6.5). Pure apart from finding the package root once (for the
 * demo agent's path): no PATH lookups (those live with the
 * CLI's `probe`/`health` verbs). The table is frozen; tests that need a variant copy a row.
 */
import { parse } from 'shell-quote';
import { LoopError } from '../errors.js';
import { bin } from '../pkg.js';

/** One harness row: the 18 fields of spec §10.1 plus its name. Every field is a string; unset reads as `""`. */
export interface Harness {
  name: string; launch_cmd: string; model_flag: string; expected_process: string; auto_approve_flag: string;
  paste_enter_delay: string; skill_dir: string; non_interactive_flag: string; oneshot_template: string;
  capability_tags: string; cost_tier: string; autonomy_class: string; auth_requirement: string;
  health_probe: string; drift_pins: string; model_failover: string; isolation: string;
  working_marker: string; idle_marker: string;
  /** Ours (additive to spec §10.1): an approval prompt of this harness, matched on BOTTOM lines (rule 1, §6.4). */
  approval_marker: string;
}

/** The 18 fields of spec §10.1 in contract order, then loopdeck's additive `approval_marker` (`fields <name>` order). */
export const HARNESS_FIELDS: readonly (keyof Harness)[] = Object.freeze([
  'launch_cmd', 'model_flag', 'expected_process', 'auto_approve_flag', 'paste_enter_delay', 'skill_dir',
  'non_interactive_flag', 'oneshot_template', 'capability_tags', 'cost_tier', 'autonomy_class',
  'auth_requirement', 'health_probe', 'drift_pins', 'model_failover', 'isolation', 'working_marker', 'idle_marker',
  'approval_marker',
] as const);

// Readiness markers (spec §6.5) as JS regex sources, matched per line with the `u` flag.
const BRAILLE = '[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]';
const TIMER = String.raw`\([0-9][0-9 hms]*[hms]`;
const LIVE = '(?:esc to interrupt|tokens|thinking)';
/** claude/codex: a timer and a live word on one line, in either order. */
const TIMER_AND_LIVE = `${TIMER}.*${LIVE}|${LIVE}.*${TIMER}`;
const PI_WORKING = String.raw`esc to interrupt|^\s*` + BRAILLE;
/** gemini's loading line: `⠏ Thinking… (esc to cancel, 12s)` / `(esc to cancel, 1m 5s)`. */
const GEMINI_WORKING = String.raw`\(esc to cancel, [0-9][0-9 hms]*[hms]\)`;
/** aider's waiting spinner: `Waiting for <model> [──=≡───]` (`[-=#----]` on ASCII terminals), at line end. */
const AIDER_WORKING = String.raw`\[[─\-]*(?:≡=|=≡|#=|=#)[─\-]*\]\s*$`;
/** aider's prompt_toolkit prompt: `> `, `ask> `, `architect multi> `. */
const AIDER_IDLE = String.raw`^(?:[a-z][a-z ]*)?>\s*$`;
/** claude: the permission-mode chrome, or the default mode's `? for shortcuts` footer (persistent home chrome). */
const CLAUDE_IDLE = String.raw`accept edits on|bypass permissions on|\? for shortcuts`;
/** pi: its footer's context gauge (`0.0%/200k (auto)`), always drawn; working wins over it while a spinner shows. */
const PI_IDLE = String.raw`[0-9]+(?:\.[0-9]+)?%/[0-9]+k\b`;
/** opencode: `esc interrupt` shows in the status row only while a turn runs; the key hints only at rest. */
const OPENCODE_WORKING = String.raw`\besc interrupt\b`;
const OPENCODE_IDLE = String.raw`ctrl\+p commands|Ask anything\.\.\.`;
// Approval prompts of harnesses whose wording none of the §6.4 rule-1 patterns catch.
const CODEX_APPROVAL = String.raw`Press enter to confirm or esc to cancel|^› [0-9]+\. Yes`;
const AIDER_APPROVAL = String.raw`\(Y\)es/\(N\)o`;
const GEMINI_APPROVAL = String.raw`Waiting for user confirmation|Allow execution of`;
const OPENCODE_APPROVAL = String.raw`Permission required|Allow once\s+Allow always\s+Reject`;

/** Quote a word for a POSIX shell when it holds anything outside `[A-Za-z0-9_./-]` (and `=`, `:`, `@`, `+`, `,` for models). */
function shellWord(word: string, safe: RegExp): string {
  return safe.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The compiled demo agent, `<package>/dist/demo/agent.js` (found from the package root, so bundled and unbundled code agree). */
function demoAgentPath(): string {
  return bin('demo-agent');
}

/** Fields that are the same for every row of the table (spec §10.2: all empty, all shared). */
const SAME = { health_probe: '', model_failover: '', isolation: 'shared' } as const;
type Marker = 'working_marker' | 'idle_marker' | 'approval_marker';
type Row = Omit<Harness, keyof typeof SAME | Marker> & Partial<Pick<Harness, Marker>>;

/** Complete a row with the shared fields and empty markers, and freeze it. */
function row(r: Row): Harness {
  return Object.freeze({ ...SAME, working_marker: '', idle_marker: '', approval_marker: '', ...r });
}

/** The registry, in table order (spec §10.2; gemini, aider and demo are ours, after the spec's twelve). */
export const HARNESSES: readonly Harness[] = Object.freeze([
  row({ name: 'pi', launch_cmd: 'pi', model_flag: '--model', expected_process: 'pi', auto_approve_flag: '', paste_enter_delay: '2.0', skill_dir: '.pi/skills', non_interactive_flag: '', oneshot_template: '',
    capability_tags: 'product,synthesis', cost_tier: 'medium', autonomy_class: 'attended', auth_requirement: 'account', drift_pins: 'med', working_marker: PI_WORKING, idle_marker: PI_IDLE }),
  row({ name: 'claude', launch_cmd: 'claude', model_flag: 'config', expected_process: 'claude', auto_approve_flag: '--dangerously-skip-permissions', paste_enter_delay: '2.0', skill_dir: '.claude/skills', non_interactive_flag: '-p', oneshot_template: 'claude -p {prompt}',
    capability_tags: 'brain,ingest,code,ops', cost_tier: 'high', autonomy_class: 'unattended', auth_requirement: 'account', drift_pins: 'low',
    working_marker: TIMER_AND_LIVE, idle_marker: CLAUDE_IDLE }),
  row({ name: 'opencode', launch_cmd: 'opencode', model_flag: 'config', expected_process: 'opencode|node', auto_approve_flag: '', paste_enter_delay: '2.5', skill_dir: '.config/opencode', non_interactive_flag: 'run', oneshot_template: 'opencode run {prompt}',
    capability_tags: 'code,bulk', cost_tier: 'low', autonomy_class: 'attended', auth_requirement: 'account', drift_pins: 'med',
    working_marker: OPENCODE_WORKING, idle_marker: OPENCODE_IDLE, approval_marker: OPENCODE_APPROVAL }),
  row({ name: 'codex', launch_cmd: 'codex', model_flag: '--config', expected_process: 'codex|node', auto_approve_flag: '--dangerously-bypass-approvals-and-sandbox', paste_enter_delay: '2.0', skill_dir: '.codex', non_interactive_flag: 'exec', oneshot_template: 'codex exec {prompt}',
    capability_tags: 'code,brain', cost_tier: 'high', autonomy_class: 'unattended', auth_requirement: 'account', drift_pins: 'high', working_marker: TIMER_AND_LIVE, approval_marker: CODEX_APPROVAL }),
  row({ name: 'cursor-agent', launch_cmd: 'cursor-agent', model_flag: '--model', expected_process: 'cursor-agent|node', auto_approve_flag: '', paste_enter_delay: '2.0', skill_dir: '', non_interactive_flag: '-p', oneshot_template: 'cursor-agent -p {prompt}',
    capability_tags: 'code', cost_tier: 'medium', autonomy_class: 'attended', auth_requirement: 'account', drift_pins: 'med' }),
  row({ name: 'hermes', launch_cmd: 'hermes chat --tui', model_flag: '--model', expected_process: 'hermes|python', auto_approve_flag: '--yolo', paste_enter_delay: '2.0', skill_dir: '.hermes/skills', non_interactive_flag: '-z', oneshot_template: 'hermes -z {prompt}',
    capability_tags: 'code,experiment', cost_tier: 'medium', autonomy_class: 'unattended', auth_requirement: 'account', drift_pins: 'high' }),
  row({ name: 'droid', launch_cmd: 'droid', model_flag: 'config', expected_process: 'droid|node', auto_approve_flag: '', paste_enter_delay: '2.0', skill_dir: '', non_interactive_flag: 'exec', oneshot_template: 'droid exec {prompt}',
    capability_tags: 'code', cost_tier: 'medium', autonomy_class: 'attended', auth_requirement: 'account', drift_pins: 'med' }),
  row({ name: 'forge', launch_cmd: 'forge', model_flag: 'config', expected_process: 'forge', auto_approve_flag: '', paste_enter_delay: '2.0', skill_dir: '', non_interactive_flag: '-p', oneshot_template: 'forge -p {prompt}',
    capability_tags: 'code', cost_tier: 'low', autonomy_class: 'attended', auth_requirement: 'account', drift_pins: 'med' }),
  row({ name: 'amp', launch_cmd: 'amp', model_flag: 'skip', expected_process: 'amp|node', auto_approve_flag: '--dangerously-allow-all', paste_enter_delay: '2.0', skill_dir: '', non_interactive_flag: '-x', oneshot_template: 'amp -x {prompt}',
    capability_tags: 'search,research', cost_tier: 'high', autonomy_class: 'unattended', auth_requirement: 'account', drift_pins: 'high' }),
  row({ name: 'openclaw', launch_cmd: 'openclaw tui', model_flag: 'config', expected_process: 'openclaw|node', auto_approve_flag: '', paste_enter_delay: '2.5', skill_dir: '', non_interactive_flag: 'agent', oneshot_template: 'openclaw agent --message {prompt}',
    capability_tags: 'ops,fleet', cost_tier: 'medium', autonomy_class: 'attended', auth_requirement: 'gateway', drift_pins: 'med' }),
  row({ name: 'mprocs', launch_cmd: 'mprocs', model_flag: 'skip', expected_process: 'mprocs', auto_approve_flag: '', paste_enter_delay: '0', skill_dir: '', non_interactive_flag: '', oneshot_template: '',
    capability_tags: 'dashboard', cost_tier: 'none', autonomy_class: 'none', auth_requirement: 'none', drift_pins: 'none' }),
  row({ name: 'shell', launch_cmd: '', model_flag: 'skip', expected_process: 'zsh|bash|sh|watch|ssh', auto_approve_flag: '', paste_enter_delay: '0', skill_dir: '', non_interactive_flag: '', oneshot_template: '',
    capability_tags: 'probe,watch', cost_tier: 'none', autonomy_class: 'none', auth_requirement: 'none', drift_pins: 'none' }),
  row({ name: 'gemini', launch_cmd: 'gemini', model_flag: '-m', expected_process: 'gemini|node', auto_approve_flag: '--yolo', paste_enter_delay: '2.0', skill_dir: '.gemini', non_interactive_flag: '-p', oneshot_template: 'gemini -p {prompt}',
    capability_tags: 'code,research', cost_tier: 'medium', autonomy_class: 'unattended', auth_requirement: 'account', drift_pins: 'med',
    working_marker: GEMINI_WORKING, idle_marker: 'Type your message or @path/to/file', approval_marker: GEMINI_APPROVAL }),
  row({ name: 'aider', launch_cmd: 'aider', model_flag: '--model', expected_process: 'aider|python', auto_approve_flag: '--yes-always', paste_enter_delay: '2.0', skill_dir: '', non_interactive_flag: '--message', oneshot_template: 'aider --message {prompt}',
    capability_tags: 'code,bulk', cost_tier: 'medium', autonomy_class: 'unattended', auth_requirement: 'account', drift_pins: 'med',
    working_marker: AIDER_WORKING, idle_marker: AIDER_IDLE, approval_marker: AIDER_APPROVAL }),
  row({ name: 'demo', launch_cmd: `${shellWord(process.execPath, /^[A-Za-z0-9_./-]+$/)} ${shellWord(demoAgentPath(), /^[A-Za-z0-9_./-]+$/)}`, model_flag: 'skip', expected_process: 'node', auto_approve_flag: '', paste_enter_delay: '0', skill_dir: '', non_interactive_flag: '', oneshot_template: '',
    capability_tags: 'demo', cost_tier: 'none', autonomy_class: 'none', auth_requirement: 'none', drift_pins: 'none',
    working_marker: String.raw`^\s*${BRAILLE} demo-agent working`, idle_marker: '^demo-agent idle' }),
]);

const BY_NAME: ReadonlyMap<string, Harness> = new Map(HARNESSES.map((h) => [h.name, h]));

/** Harness names in table order (spec §10.4 `list`). Returns a fresh array. */
export function harnessNames(): string[] {
  return HARNESSES.map((h) => h.name);
}

/** The row for `name` (exact, case-sensitive match), or `undefined` for an unknown harness (spec §10.3 field). */
export function getHarness(name: string): Harness | undefined {
  return BY_NAME.get(name);
}

/** Membership in the table, exact name match (spec §10.3 `known`). */
export function isKnownHarness(name: string): boolean {
  return BY_NAME.has(name);
}

/**
 * The launch command line for harness `name` with an optional model (spec §10.3 `resolve_launch`): no model, or
 * model flag `config`/`skip` (or empty) → `launch_cmd`; `--config` → `<launch> --config model=<model>`; any other
 * flag (`-m`, `--model`, …) → `<launch> <flag> <model>`. Examples: `pi --model X`, `hermes chat --tui --model X`,
 * `codex --config model=X`. The string is typed into a shell, so a model holding anything outside
 * `[A-Za-z0-9_./:@+,=-]` is single-quoted (ours: the reference pastes it raw). Auto-approve is not added here
 * (the lane-config resolver appends it, §11.3). Throws LoopError `unknown-harness` (exit 1) for an unknown name.
 */
export function resolveLaunch(name: string, model?: string | null): string {
  const h = BY_NAME.get(name);
  if (!h) throw new LoopError('unknown-harness', `unknown harness: ${name}`, { hint: `known: ${harnessNames().join(' ')}` });
  const flag = h.model_flag;
  if (!model || flag === '' || flag === 'config' || flag === 'skip') return h.launch_cmd;
  const safe = /^[A-Za-z0-9_./:@+,=-]+$/;
  if (flag === '--config') return `${h.launch_cmd} --config ${shellWord(`model=${model}`, safe)}`;
  return `${h.launch_cmd} ${flag} ${shellWord(model, safe)}`;
}

const BARE_SHELLS: ReadonlySet<string> = new Set(['', 'zsh', 'bash', 'sh', 'fish', 'dash']);

/**
 * Is a pane's foreground command (`#{pane_current_command}`) a bare shell, i.e. the harness exited and the pane
 * fell back to its shell? True for exactly `zsh`, `bash`, `sh`, `fish`, `dash` or empty/null/undefined (spec §0;
 * `dash` is ours), also in login-shell form (`-bash`). `watch`, `ssh`, `node`, … are not bare shells.
 */
export function isBareShell(proc: string | null | undefined): boolean {
  const p = proc ?? '';
  return BARE_SHELLS.has(p.startsWith('-') ? p.slice(1) : p);
}

const AGENT_TAGS: ReadonlySet<string> = new Set([
  'brain', 'code', 'ingest', 'ops', 'research', 'synthesis', 'product', 'experiment', 'bulk', 'fleet', 'search',
]);

/**
 * Is harness `name` an AI agent (a dispatch target for text payloads)? True when its `oneshot_template` is
 * non-empty or one of its comma-separated `capability_tags` is an agent tag (spec/engine.md §6.2). Unknown → false.
 */
export function isAgentHarness(name: string): boolean {
  const h = BY_NAME.get(name);
  if (!h) return false;
  if (h.oneshot_template !== '') return true;
  return h.capability_tags.split(',').some((t) => AGENT_TAGS.has(t.trim()));
}

/**
 * Does a lane running this harness read pasted text as a prompt (an agent CLI, or the demo agent)?
 * False for shells, dashboards, `cmd` lanes and unknown names: text typed there runs as input.
 */
export function takesPrompts(name: string | null | undefined): boolean {
  return !!name && (isAgentHarness(name) || name === 'demo');
}

/** Throw unless every quote in `template` is closed and no backslash dangles (shell-quote silently tolerates both). */
function assertBalancedQuotes(template: string): void {
  let quote: "'" | '"' | null = null;
  for (let i = 0; i < template.length; i++) {
    const c = template[i];
    if (c === '\\' && quote !== "'") {
      if (i + 1 >= template.length) throw new Error(`one-shot template ends in a dangling backslash: ${template}`);
      i++;
    } else if (quote === null && (c === "'" || c === '"')) quote = c;
    else if (c === quote) quote = null;
  }
  if (quote !== null) throw new Error(`one-shot template has an unbalanced ${quote} quote: ${template}`);
}

/**
 * Split a one-shot template (e.g. `claude -p {prompt}`) into an argv array, POSIX-shell style (via shell-quote,
 * never a shell), and replace every token that is exactly `{prompt}` with `prompt` as ONE element; with no such
 * token the prompt is appended (spec §10.3 "one-shot use"; DESIGN.md §6). The prompt is never parsed, so quotes,
 * `$(…)`, newlines and spaces in it reach the program verbatim. Throws a plain Error for an empty template, a
 * template with no command before `{prompt}`, unbalanced quotes or a dangling backslash, and for shell syntax a
 * template cannot mean without a shell: operators (`|`, `;`, `&&`, `>`…), globs, comments, `$VAR` expansions.
 */
export function oneshotArgv(template: string, prompt: string): string[] {
  if (template.trim() === '') throw new Error('empty one-shot template');
  assertBalancedQuotes(template);
  const tokens: string[] = [];
  for (const entry of parse(template, (key: string) => ({ variable: key }))) {
    if (typeof entry === 'string') { tokens.push(entry); continue; }
    const what = 'variable' in entry ? `variable $${entry.variable}`
      : 'comment' in entry ? 'comment'
      : entry.op === 'glob' ? `glob ${entry.pattern}` : `operator ${entry.op}`;
    throw new Error(`one-shot template uses shell syntax (${what}), but it never runs through a shell: ${template}`);
  }
  if (tokens.length === 0 || tokens[0] === '{prompt}') throw new Error(`one-shot template has no command before {prompt}: ${template}`);
  if (!tokens.includes('{prompt}')) return [...tokens, prompt];
  return tokens.map((t) => (t === '{prompt}' ? prompt : t));
}
