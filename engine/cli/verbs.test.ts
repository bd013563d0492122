import { describe, expect, it } from 'vitest';
import { Command } from 'commander';
import { VERBS, loadVerbs, verbsToLoad } from './verbs.js';

describe('engine verbsToLoad', () => {
  it('loads only the verb being run', () => {
    expect(verbsToLoad(['node', 'engine', 'status', '--json'])).toEqual(['status']);
    expect(verbsToLoad(['node', 'engine', 'cycle-now'])).toEqual(['cycle-now']);
  });
  it('loads every verb for help, version, no verb, an unknown verb or a prototype key', () => {
    const all = Object.keys(VERBS);
    for (const rest of [[], ['--help'], ['-V'], ['help', 'status'], ['statu'], ['toString'], ['__proto__']]) {
      expect(verbsToLoad(['node', 'engine', ...rest])).toEqual(all);
    }
  });
});

describe('engine VERBS', () => {
  it('each loader registers the command it is named for; a shared file registers once', async () => {
    for (const name of Object.keys(VERBS)) {
      const program = new Command('engine');
      for (const r of await loadVerbs([name])) r(program);
      expect(program.commands.map((c) => c.name())).toContain(name);
    }
    const program = new Command('engine');
    for (const r of await loadVerbs(Object.keys(VERBS))) r(program);
    expect(program.commands.map((c) => c.name())).toEqual(Object.keys(VERBS));
  });
});
