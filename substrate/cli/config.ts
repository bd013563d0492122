/**
 * `loop config print-resolved|lane-launch|lane-field|validate|lanes --lane-config FILE` (spec/substrate.md §11.5):
 * the lane-config resolver. The host override `<base>.<short-host>.<ext>` is merged per lane. Exit 0 ok; 1 parse
 * or validation failure, unknown lane, lane without/with an unknown harness; 2 usage (missing --lane-config).
 * Every problem is one line `file:line: lanes.<lane>.<key>: what`.
 */
import type { Command } from 'commander';
import { resolve } from 'node:path';
import { common, ctxFrom, pad, type CommonOpts } from './common.js';
import { LoopError, UsageError } from '../errors.js';
import type { LaneConfig } from '../config/lane-config.js';

interface Opts extends CommonOpts { laneConfig?: string; json?: boolean }

/** Load the file named by --lane-config; print warnings; throw when it is missing or does not parse. */
async function load(o: Opts, strict: boolean): Promise<LaneConfig> {
  if (!o.laneConfig) throw new UsageError('config: --lane-config <path> is required', { hint: 'loop config validate --lane-config lane-config.yaml' });
  const file = resolve(o.laneConfig);
  const { existsSync } = await import('node:fs');
  if (!existsSync(file)) throw new LoopError('lane-config', `lane-config file not found: ${file}`, { hint: 'create it with `loop init`, or pass the right path' });
  const { loadLaneConfig } = await import('../config/lane-config.js');
  const { validateLaneConfig } = await import('../config/validate.js');
  const { formatProblem } = await import('../files/problems.js');
  const cfg = loadLaneConfig(file);
  for (const w of cfg.warnings) process.stderr.write(`warning: ${formatProblem(w)}\n`);
  const problems = strict ? validateLaneConfig(cfg) : cfg.problems;
  if (problems.length) {
    for (const p of problems) process.stderr.write(`${formatProblem(p)}\n`);
    throw new LoopError('lane-config', `lane-config validation failed: ${problems.length} error(s)`, { hint: 'fix the lines above; unknown keys and wrong types are errors' });
  }
  return cfg;
}

function lane(cfg: LaneConfig, name: string) {
  const l = cfg.lanes.find((x) => x.name === name);
  if (!l) throw new LoopError('unknown-lane', `lane '${name}' is not in ${cfg.loaded}`, { hint: `lanes: ${cfg.lanes.map((x) => x.name).join(' ') || '(none)'}` });
  return l;
}

const withFile = (c: Command): Command => common(c).option('--lane-config <path>', 'the lane-config YAML (required)');

export function register(program: Command): void {
  const cfg = program.command('config').description('lane-config.yaml: resolve, validate and query lanes (host override merged)')
    .argument('[verb]', 'print-resolved | lane-launch | lane-field | validate | lanes').allowExcessArguments(true)
    // No verb: usage, exit 0; an unknown verb: exit 1 (spec §11.5).
    .action(async (verb: string | undefined) => {
      if (verb) throw new LoopError('usage', `config: unknown verb '${verb}'`, { exitCode: 1, hint: 'see `loop config --help`' });
      cfg.outputHelp();
    });
  withFile(cfg.command('print-resolved')).description('per lane: harness, model, bare launch and audit (= + auto-approve) launch').option('--json', 'print the resolved lanes as JSON')
    .action(async (o: Opts) => {
      const c = await load(o, true);
      const ctx = ctxFrom(o);
      const { laneLaunch } = await import('../config/slots.js');
      const root = process.env.LANE_CONFIG_PROJECT_ROOT || ctx.root;
      const keep = Boolean(process.env.LANE_CONFIG_PRESERVE_PATHS);
      const rows = c.lanes.map((l) => ({ lane: l.name, harness: l.spec.harness ?? '', model: l.spec.model ?? null, role: l.spec.role ?? null, kind: l.spec.kind ?? null, bare: laneLaunch(l.name, l.spec, root, false, keep), audit: laneLaunch(l.name, l.spec, root, true, keep) }));
      if (o.json) { ctx.json({ contract_version: 1, lane_config: c.loaded, files: c.files, lanes: rows }); return; }
      ctx.out(`# lane-config: ${c.loaded}`);
      ctx.out('# bare = bootstrap launch; audit = bare + harness auto-approve flag');
      for (const r of rows) {
        ctx.out(`${pad(r.lane, 16)}harness=${pad(r.harness, 12)}${r.model ? ` model=${pad(r.model, 22)}` : ''}`.trimEnd());
        ctx.out(`    bare:  ${r.bare}`);
        ctx.out(`    audit: ${r.audit}`);
      }
    });
  withFile(cfg.command('lane-launch')).description('the bare launch line of one lane').argument('<lane>', 'lane name').argument('[mode]', 'bare (default) | with-auto-approve')
    .option('--json', 'print {contract_version, lane, mode, launch}')
    .action(async (name: string, mode: string | undefined, o: Opts) => {
      if (mode && mode !== 'bare' && mode !== 'with-auto-approve') throw new UsageError(`config lane-launch: mode must be 'bare' or 'with-auto-approve' (got '${mode}')`);
      const c = await load(o, false);
      const { laneLaunch } = await import('../config/slots.js');
      const l = lane(c, name);
      const launch = laneLaunch(l.name, l.spec, process.env.LANE_CONFIG_PROJECT_ROOT || ctxFrom(o).root, mode === 'with-auto-approve', Boolean(process.env.LANE_CONFIG_PRESERVE_PATHS));
      if (o.json) ctxFrom(o).json({ contract_version: 1, lane: l.name, mode: mode ?? 'bare', launch });
      else ctxFrom(o).out(launch);
    });
  withFile(cfg.command('lane-field')).description('one raw field of one lane (empty when unset)').argument('<lane>', 'lane name').argument('<field>', 'harness | model | repo | role | cmd | kind')
    .option('--json', 'print {contract_version, lane, field, value} (value null when unset)')
    .action(async (name: string, field: string, o: Opts) => {
      const c = await load(o, false);
      const l = c.lanes.find((x) => x.name === name);
      const v = l ? (l.spec as Record<string, unknown>)[field] : undefined;
      if (o.json) ctxFrom(o).json({ contract_version: 1, lane: name, field, value: typeof v === 'string' ? v : null });
      else ctxFrom(o).out(typeof v === 'string' ? v : '');
    });
  withFile(cfg.command('validate')).description('exit 0 with `lane-config OK (<files>)`, or every problem and exit 1').option('--json', 'print {contract_version, ok, lane_config, problems[]}')
    .action(async (o: Opts) => {
      if (o.json) {
        if (!o.laneConfig) throw new UsageError('config: --lane-config <path> is required');
        const { loadLaneConfig } = await import('../config/lane-config.js');
        const { validateLaneConfig } = await import('../config/validate.js');
        const c = loadLaneConfig(resolve(o.laneConfig));
        const problems = c.files.length ? validateLaneConfig(c) : [{ file: resolve(o.laneConfig), message: 'file not found' }];
        ctxFrom(o).json({ contract_version: 1, ok: problems.length === 0, lane_config: c.loaded || resolve(o.laneConfig), problems, warnings: c.warnings });
        if (problems.length) process.exitCode = 1;
        return;
      }
      const c = await load(o, true);
      ctxFrom(o).out(`lane-config OK (${c.loaded})`);
    });
  withFile(cfg.command('lanes')).description('lane names, one per line, in merged order').option('--json', 'print {contract_version, lane_config, lanes[]}')
    .action(async (o: Opts) => {
      const c = await load(o, false);
      if (o.json) { ctxFrom(o).json({ contract_version: 1, lane_config: c.loaded, lanes: c.lanes.map((l) => l.name) }); return; }
      for (const l of c.lanes) ctxFrom(o).out(l.name);
    });
}
