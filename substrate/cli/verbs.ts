/**
 * The `loop` verbs as data: name → loader of the file that registers it. main.ts loads only the file of the
 * verb being run (one module instead of eighteen, and one commander command to build), and every file when
 * there is no known verb (`loop`, `loop --help`, `loop help x`, `--version`, a typo that wants suggestions).
 * Order = the order of `loop --help`. A test checks that each loader registers exactly its own name.
 */
import { loadVerbs as load, verbsToLoad as toLoad, type Register, type VerbTable } from './verb-table.js';

export type { Register };

export const VERBS: VerbTable = {
  init: async () => (await import('./init.js')).register,
  up: async () => (await import('./up.js')).register,
  'add-lane': async () => (await import('./add-lane.js')).register,
  'drop-lane': async () => (await import('./drop-lane.js')).register,
  'list-lanes': async () => (await import('./list-lanes.js')).register,
  dispatch: async () => (await import('./dispatch.js')).register,
  'lane-status': async () => (await import('./lane-status.js')).register,
  digest: async () => (await import('./digest.js')).register,
  harness: async () => (await import('./harness.js')).register,
  watchdog: async () => (await import('./watchdog.js')).register,
  adr: async () => (await import('./adr.js')).register,
  config: async () => (await import('./config.js')).register,
  checkpoint: async () => (await import('./checkpoint.js')).register,
  'task-lint': async () => (await import('./task-lint.js')).register,
  'task-done': async () => (await import('./task-done.js')).register,
  'wiki-pending': async () => (await import('./wiki-pending.js')).register,
  'wiki-lint': async () => (await import('./wiki-lint.js')).register,
  metrics: async () => (await import('./metrics.js')).register,
};

/** The verb names to register for `argv`: `[argv[2]]` when it names a verb, else every name in help order. Pure. */
export const verbsToLoad = (argv: readonly string[]): string[] => toLoad(VERBS, argv);

/** Load the register functions of `names` (unknown names are skipped). @throws only if a module fails to load (a broken install). */
export const loadVerbs = (names: readonly string[]): Promise<Register[]> => load(VERBS, names);
