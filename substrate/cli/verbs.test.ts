import { describe, expect, it } from 'vitest';
import { Command } from 'commander';
import { VERBS, loadVerbs, verbsToLoad } from './verbs.js';

describe('verbsToLoad', () => {
  it('loads only the verb being run', () => {
    expect(verbsToLoad(['node', 'loop', 'add-lane', '--window', 'x'])).toEqual(['add-lane']);
    expect(verbsToLoad(['node', 'loop', 'harness', 'list'])).toEqual(['harness']);
  });
  it('loads every verb for help, version, no verb, an unknown verb or a prototype key', () => {
    const all = Object.keys(VERBS);
    for (const rest of [[], ['--help'], ['-V'], ['help', 'digest'], ['add-lan'], ['toString'], ['__proto__']]) {
      expect(verbsToLoad(['node', 'loop', ...rest])).toEqual(all);
    }
  });
});

describe('VERBS', () => {
  it('each loader registers exactly the command it is named for', async () => {
    for (const name of Object.keys(VERBS)) {
      const program = new Command('loop');
      for (const r of await loadVerbs([name])) r(program);
      expect(program.commands.map((c) => c.name())).toEqual([name]);
    }
  });
});
