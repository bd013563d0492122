/**
 * The project-memory verbs of `loop` (spec/wiki-tasks-pm-deck.md §3, §5–7): registered together so
 * main.ts needs one line. Each verb still lives in its own file.
 */
import type { Command } from 'commander';
import { register as taskLint } from './task-lint.js';
import { register as taskDone } from './task-done.js';
import { register as wikiPending } from './wiki-pending.js';
import { register as wikiLint } from './wiki-lint.js';
import { register as metrics } from './metrics.js';

export const memoryVerbs: Array<(p: Command) => void> = [taskLint, taskDone, wikiPending, wikiLint, metrics];
