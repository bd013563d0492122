/** The project-memory verbs of `engine` (metrics and the nightly wiki lint), registered together so main.ts needs one line. */
import type { Command } from 'commander';
import { register as metrics } from './metrics.js';
import { register as lint } from './lint.js';

export const memoryVerbs: Array<(p: Command) => void> = [metrics, lint];
