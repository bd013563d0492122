/**
 * The `engine` verbs as data: name → loader of the file that registers it (substrate/cli/verb-table.ts).
 * main.ts loads only the file of the verb being run — `engine status` does not load the daemon, the brains or
 * the drive code — and every file for help, `--version` and typos. approve.js registers approve and reject;
 * control.js registers pause, resume and cycle-now. Order = the order of `engine --help`. A test checks that
 * each loader registers its own name.
 */
import { loadVerbs as load, verbsToLoad as toLoad, type Register, type VerbTable } from '../../substrate/cli/verb-table.js';

const approve = async (): Promise<Register> => (await import('./approve.js')).register;
const control = async (): Promise<Register> => (await import('./control.js')).register;

export const VERBS: VerbTable = {
  watch: async () => (await import('./watch.js')).register,
  start: async () => (await import('./start.js')).register,
  stop: async () => (await import('./stop.js')).register,
  status: async () => (await import('./status.js')).register,
  approve,
  reject: approve,
  once: async () => (await import('./once.js')).register,
  events: async () => (await import('./events.js')).register,
  pause: control,
  resume: control,
  'cycle-now': control,
  asks: async () => (await import('./asks.js')).register,
  answer: async () => (await import('./answer.js')).register,
  wait: async () => (await import('./wait.js')).register,
  restart: async () => (await import('./restart.js')).register,
  verify: async () => (await import('./verify.js')).register,
  metrics: async () => (await import('./metrics.js')).register,
  lint: async () => (await import('./lint.js')).register,
};

/** The verb names to register for `argv`: `[argv[2]]` when it names a verb, else every name in help order. Pure. */
export const verbsToLoad = (argv: readonly string[]): string[] => toLoad(VERBS, argv);

/** Load the register functions of `names` (a file shared by several names loads once). @throws only if a module fails to load. */
export const loadVerbs = (names: readonly string[]): Promise<Register[]> => load(VERBS, names);
