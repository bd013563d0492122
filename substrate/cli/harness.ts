/** `loop harness list|fields|oneshot`: the harness registry as data (spec/substrate.md §10). */
import type { Command } from 'commander';
import { LoopError } from '../errors.js';
import { pad, common } from './common.js';

export function register(program: Command): void {
  const h = program.command('harness').description('inspect the harness registry (launch, auto-approve, model flag, one-shot template, readiness markers)');
  common(h.command('list')).description('harness names in registry order').option('--json', 'print every harness with all fields')
    .action(async (o: { json?: boolean }) => {
      const { HARNESSES } = await import('../harness/registry.js');
      if (o.json) process.stdout.write(JSON.stringify({ contract_version: 1, harnesses: HARNESSES }, null, 2) + '\n');
      else for (const x of HARNESSES) process.stdout.write(x.name + '\n');
    });
  common(h.command('fields')).description('every field of one harness').argument('<name>')
    .action(async (name: string) => {
      const { getHarness, HARNESS_FIELDS, harnessNames } = await import('../harness/registry.js');
      const x = getHarness(name);
      if (!x) throw new LoopError('unknown-harness', `unknown harness: ${name}`, { hint: `known: ${harnessNames().join(' ')}` });
      for (const f of HARNESS_FIELDS) process.stdout.write(`${pad(f, 22)}${x[f]}\n`);
    });
  common(h.command('oneshot')).description('the one-shot template ({prompt} is one argv element); exit 1 when the harness has none').argument('<name>')
    .action(async (name: string) => {
      const { getHarness, harnessNames } = await import('../harness/registry.js');
      const x = getHarness(name);
      if (!x) throw new LoopError('unknown-harness', `unknown harness: ${name}`, { hint: `known: ${harnessNames().join(' ')}` });
      if (!x.oneshot_template) throw new LoopError('no-oneshot', `harness '${name}' has no one-shot mode`);
      process.stdout.write(x.oneshot_template + '\n');
    });
}
