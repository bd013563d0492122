/**
 * `loop harness list|fields|field|oneshot|probe|roster|health`: the harness registry as data
 * (spec/substrate.md §10.4). Exit 0 ok; 1 unknown harness, no one-shot, binary not on PATH, health not ok.
 * `field` keeps the reference's frozen quirk: exit 0 and an empty line for an unknown harness or field.
 */
import type { Command } from 'commander';
import { LoopError } from '../errors.js';
import { pad, common } from './common.js';

const out = (s: string): void => { process.stdout.write(s + '\n'); };
const json = (doc: unknown): void => out(JSON.stringify(doc, null, 2));

export function register(program: Command): void {
  const h = program.command('harness').description('inspect the harness registry (launch, auto-approve, model flag, one-shot template, readiness markers)')
    .argument('[verb]', 'list (default) | fields | field | oneshot | probe | roster | health').allowExcessArguments(true)
    // No verb: the default verb `list`; an unknown verb: exit 1 (spec §10.4).
    .action(async (verb: string | undefined) => {
      if (verb) throw new LoopError('usage', `harness: unknown verb '${verb}'`, { exitCode: 1, hint: 'see `loop harness --help`' });
      const { HARNESSES } = await import('../harness/registry.js'); for (const x of HARNESSES) out(x.name);
    });
  common(h.command('list')).description('harness names in registry order').option('--json', 'print every harness with all fields')
    .action(async (o: { json?: boolean }) => {
      const { HARNESSES } = await import('../harness/registry.js');
      if (o.json) json({ contract_version: 1, harnesses: HARNESSES });
      else for (const x of HARNESSES) out(x.name);
    });
  common(h.command('fields')).description('every field of one harness').argument('<name>', 'harness name (see `loop harness list`)').option('--json', 'print the fields as a JSON object')
    .action(async (name: string, o: { json?: boolean }) => {
      const { HARNESS_FIELDS } = await import('../harness/registry.js');
      const { requireHarness } = await import('../harness/probe.js');
      const x = requireHarness(name);
      if (o.json) { json({ contract_version: 1, harness: x }); return; }
      for (const f of HARNESS_FIELDS) out(`${pad(f, 22)}${x[f]}`);
    });
  common(h.command('field')).description('one field value (frozen: an unknown harness or field prints an empty line, exit 0)').argument('<name>', 'harness name').argument('<field>', 'field name (see `loop harness fields NAME`)')
    .option('--json', 'print {contract_version, harness, field, value} (value null when unknown)')
    .action(async (name: string, field: string, o: { json?: boolean }) => {
      const { getHarness, HARNESS_FIELDS } = await import('../harness/registry.js');
      const x = getHarness(name);
      const known = (HARNESS_FIELDS as readonly string[]).includes(field);
      if (!x || !known) process.stderr.write(`warning: ${!x ? `unknown harness '${name}'` : `unknown field '${field}'`} (printing an empty value; see \`loop harness fields NAME\`)\n`);
      const value = x && known ? x[field as keyof typeof x] : null;
      if (o.json) json({ contract_version: 1, harness: name, field, value });
      else out(value ?? '');
    });
  common(h.command('oneshot')).description('the one-shot template ({prompt} is one argv element); exit 1 when the harness has none').argument('<name>', 'harness name')
    .option('--json', 'print {contract_version, harness, oneshot_template}')
    .action(async (name: string, o: { json?: boolean }) => {
      const { requireHarness } = await import('../harness/probe.js');
      const x = requireHarness(name);
      if (!x.oneshot_template) throw new LoopError('no-oneshot', `harness '${name}' has no one-shot mode`);
      if (o.json) json({ contract_version: 1, harness: name, oneshot_template: x.oneshot_template });
      else out(x.oneshot_template);
    });
  common(h.command('probe')).description('launch line (model applied), binary on PATH and its --version; exit 1 when not on PATH').argument('<name>', 'harness name').argument('[model]', 'model id to apply to the launch line')
    .option('--json', 'print the probe as JSON')
    .action(async (name: string, model: string | undefined, o: { json?: boolean }) => {
      const { probeHarness } = await import('../harness/probe.js');
      const r = await probeHarness(name, model);
      if (o.json) json({ contract_version: 1, ...r });
      else {
        const row = (k: string, v: string): void => out(`${pad(k, 19)}${v}`);
        row('harness:', r.harness); row('launch_cmd:', r.launch_cmd);
        if (r.model) row('model:', r.model);
        row('expected_process:', r.expected_process); row('auto_approve_flag:', r.auto_approve_flag); row('paste_enter_delay:', r.paste_enter_delay);
        row('skill_dir:', r.skill_dir); row('non_interactive:', r.non_interactive); row('oneshot_template:', r.oneshot_template);
        if (r.binary) { row('binary:', r.binary); if (r.version) row('version:', r.version); } else if (r.present) row('binary:', '(no launch — bare shell lane)');
      }
      if (!r.present) {
        process.stderr.write(`${name}: ${r.launch_cmd.split(' ')[0]} NOT FOUND on PATH\n`);
        process.exitCode = 1;
      }
    });
  common(h.command('roster')).description('every harness: present|missing, tags, cost, autonomy, auth, drift').option('--json', 'print the roster as JSON')
    .action(async (o: { json?: boolean }) => {
      const { roster } = await import('../harness/probe.js');
      const rows = await roster();
      if (o.json) { json({ contract_version: 1, harnesses: rows }); return; }
      for (const r of rows) out(`${pad(r.name, 14)}${pad(r.present ? 'present' : 'missing', 8)}${pad(r.capability_tags, 22)}${pad(r.cost_tier, 7)}${pad(r.autonomy_class, 11)}${pad(r.auth_requirement, 8)}${r.drift_pins}`);
    });
  common(h.command('health')).description('one word: ok | missing | unauthenticated | unhealthy (exit 1 unless ok)').argument('<name>', 'harness name')
    .option('--json', 'print {contract_version, harness, health}')
    .action(async (name: string, o: { json?: boolean }) => {
      const { harnessHealth } = await import('../harness/probe.js');
      const w = await harnessHealth(name);
      if (o.json) json({ contract_version: 1, harness: name, health: w });
      else out(w);
      if (w !== 'ok') process.exitCode = 1;
    });
}
