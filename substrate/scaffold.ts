/**
 * `loop init`: scaffold a loopdeck project (CONTRACT.md): the ledger, the mailbox, the ops-wiki (with
 * an ops-wiki/.gitignore for page locks, temp files and the lint scratchpad), tasks/, docs/adr/, a
 * lane-config.yaml and, when the project has none, an AGENTS.md (projectAgentsMd). Nothing is ever overwritten: every target file is
 * checked first and, if any exists, init writes nothing and names them all.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { packageRoot } from './pkg.js';
import { writeFileAtomic } from './files/atomic.js';
import { LoopError } from './errors.js';

export const LANE_CONFIG_TEMPLATE = `# lane-config.yaml — which harness runs in which lane, and how the engine behaves.
# Used by \`loop up --lane-config lane-config.yaml\` and read by \`engine\` from the project root.
# Every key is validated: a typo or a wrong type is reported with its line and dotted key.
# A host override beside it (lane-config.<short-hostname>.yaml) replaces whole lanes.
lanes:
  # web:   { harness: claude, role: web }          # claude, codex, gemini, pi, opencode, amp, aider, shell, …
  # infra: { harness: codex, model: gpt-5, role: infra }
  # docs:  { harness: claude, role: docs }

# engine:                          # reserved for the engine (see CONTRACT.md, "engine configuration")
#   approval_mode: manual          # manual: a person approves every action · auto: safe actions run · full: safe + destructive run
#   poll_interval_s: 10            # how often the daemon observes the fleet
#   checkpoint_interval_s: 900     # the interval trigger
#   min_cycle_interval_s: 120      # debounce between cycles
#   brain:
#     kind: builtin                # builtin (deterministic scheduler, default) | cli (a one-shot agent CLI)
#     harness: claude              # cli brain: the registry one-shot template (claude -p {prompt}, …)
#     timeout_s: 300
#     max_calls_per_hour: 12
#   destructive:
#     max_dispatches_per_cycle: 4
#     max_lanes: 12
#     payload_patterns: ["git push --force", "rm -rf", "reset --hard"]
#   checkpoint:
#     keep_decisions: 10
#   lint:
#     schedule: "0 3 * * *"        # nightly wiki lint run by \`engine watch\` (cron, host local time); \`engine lint --crontab\` for cron
`;

/**
 * `ops-wiki/.gitignore`: the page locks (`<page>.lock`, substrate/files/lock.ts), the temp files of
 * atomic writes (`.<page>.<pid>.<hex>.tmp`, files/atomic.ts) and the lint scratchpad (spec §1) never
 * belong in git.
 */
export const OPS_WIKI_GITIGNORE = `# written by \`loop init\`: transient files of the wiki writers, never committed
*.lock
.*.tmp
.lint-scratchpad.md
`;

/**
 * The AGENTS.md `loop init` installs: Part 1 of loopdeck's own AGENTS.md (`ours`: the rules for the
 * agents working in a loopdeck project, from its `## Part 1` heading to `## Part 2`) under a short
 * header. Its `### Ingest protocol` section is what headless ingest hands the one-shot agent
 * (engine/cycle/ingest-modes.ts, spec/engine.md §4.5). Pure.
 * @throws LoopError agents-template (exit 70) when `ours` has no Part 1: a broken install.
 */
export function projectAgentsMd(ours: string): string {
  const lines = ours.split('\n');
  const from = lines.findIndex((l) => l.startsWith('## Part 1'));
  const to = lines.findIndex((l, i) => i > from && l.startsWith('## Part 2'));
  if (from < 0) throw new LoopError('agents-template', "loopdeck's AGENTS.md has no '## Part 1' section; reinstall loopdeck", { exitCode: 70 });
  const body = lines.slice(from + 1, to < 0 ? undefined : to).join('\n').trim();
  return [
    '# AGENTS.md',
    '',
    'Rules for the agents (lanes) working in this project, installed by `loop init` from loopdeck\'s',
    'AGENTS.md. It is the schema of the ops-wiki: a change to it is an experiment (see Experiments)',
    'and a `schema` entry in `ops-wiki/log.md`.',
    '',
    '## For agents working in this loopdeck project',
    '',
    body,
    '',
  ].join('\n');
}

interface Planned { path: string; content: string | Buffer }

function collect(srcDir: string, destDir: string, skip: (rel: string) => boolean, acc: Planned[], dirs: string[]): void {
  for (const name of readdirSync(srcDir).sort()) {
    const src = join(srcDir, name);
    const dest = join(destDir, name);
    if (statSync(src).isDirectory()) { dirs.push(dest); collect(src, dest, skip, acc, dirs); continue; }
    if (skip(name)) continue;
    acc.push({ path: dest, content: readFileSync(src) });
  }
}

/**
 * Plan and write the scaffold under `root`.
 * @returns the files written, relative to root.
 * @throws LoopError init-exists (exit 1) naming every file that already exists; nothing written.
 */
export function initProject(root: string, now = new Date()): string[] {
  const pkg = packageRoot();
  const files: Planned[] = [];
  const dirs = [join(root, '.loop', 'messages', 'processed'), join(root, 'ops-wiki'), join(root, 'tasks'), join(root, 'docs', 'adr')];
  const ts = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  files.push({ path: join(root, '.loop', 'orchestrator-state.json'), content: JSON.stringify({ schema_version: 2, updated_at: ts, loops: {} }, null, 2) + '\n' });
  collect(join(pkg, 'ops-wiki-template'), join(root, 'ops-wiki'), () => false, files, dirs);
  // The example task stays in the template: a live `open` example would be dispatched by the brain.
  collect(join(pkg, 'tasks-template'), join(root, 'tasks'), (n) => /^T\d{4}-.*\.md$/.test(n), files, dirs);
  // The MADR skeleton stays in the template too (`loop adr new` uses it); a 0000-*.md would list as an ADR.
  collect(join(pkg, 'adr-template'), join(root, 'docs', 'adr'), (n) => /^\d{4}-.*\.md$/.test(n), files, dirs);
  // Generated, not a template file: npm never packs a file named .gitignore.
  files.push({ path: join(root, 'ops-wiki', '.gitignore'), content: OPS_WIKI_GITIGNORE });
  files.push({ path: join(root, 'lane-config.yaml'), content: LANE_CONFIG_TEMPLATE });
  // The agents' rules: installed only where the project has none (a project's own AGENTS.md is
  // left alone and is no reason to refuse).
  if (!existsSync(join(root, 'AGENTS.md'))) files.push({ path: join(root, 'AGENTS.md'), content: projectAgentsMd(readFileSync(join(pkg, 'AGENTS.md'), 'utf8')) });
  const existing = files.filter((f) => existsSync(f.path)).map((f) => relative(root, f.path));
  if (existing.length) {
    throw new LoopError('init-exists', `loop init: refusing to overwrite existing file${existing.length > 1 ? 's' : ''}: ${existing.join(', ')}`, { exitCode: 1, hint: 'move them aside or run init in an empty project' });
  }
  for (const d of dirs) mkdirSync(d, { recursive: true });
  for (const f of files) writeFileAtomic(f.path, f.content);
  return files.map((f) => relative(root, f.path));
}
