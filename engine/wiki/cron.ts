/**
 * cron-parser, loaded on first use. Loading it and its first parse cost ~100 ms (luxon sets up Intl), which
 * every engine CLI call would otherwise pay while reading lane-config.yaml; only a configured
 * `engine.lint.schedule` and the lint scheduler need it. createRequire keeps the load synchronous, so config
 * validation stays a plain function, in tsc's ES modules and in the CommonJS bundles alike.
 */
import { createRequire } from 'node:module';
import type * as CronParserModule from 'cron-parser';

type CronParser = typeof CronParserModule;
let loaded: CronParser | null = null;

/** The cron-parser module. @throws only if the package is missing (a broken install). */
export function cronParser(): CronParser {
  return (loaded ??= createRequire(import.meta.url)('cron-parser') as CronParser);
}
