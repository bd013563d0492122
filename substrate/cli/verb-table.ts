/**
 * A CLI's verbs as data: verb name → loader of the file that registers it. A CLI's main loads only the file of
 * the verb being run, and every file when there is no known verb (no verb, `--help`, `help x`, `--version`, a
 * typo that wants suggestions). Several verbs may share one file (one loader registering them all); that file
 * is then loaded once. Used by `loop` (substrate/cli/verbs.ts) and `engine` (engine/cli/verbs.ts).
 */
import type { Command } from 'commander';

export type Register = (program: Command) => void;
export type VerbTable = Readonly<Record<string, () => Promise<Register>>>;

/**
 * The verb names to register for `argv` (process.argv shape, global options already hoisted after the verb):
 * `[argv[2]]` when it names a verb of `table`, else every name in table order (the order of `--help`). Pure.
 */
export function verbsToLoad(table: VerbTable, argv: readonly string[]): string[] {
  const first = argv[2];
  return first !== undefined && Object.hasOwn(table, first) ? [first] : Object.keys(table);
}

/**
 * The register functions of `names` (unknown names skipped; a loader shared by several names runs once, at the
 * place of its first name). @throws only if a module fails to load (a broken install).
 */
export async function loadVerbs(table: VerbTable, names: readonly string[]): Promise<Register[]> {
  const loaders = [...new Set(names.filter((n) => Object.hasOwn(table, n)).map((n) => table[n]!))];
  return Promise.all(loaders.map((l) => l()));
}
