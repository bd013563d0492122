/**
 * Where every shared project file lives (spec/wiki-tasks-pm-deck.md §1, spec/substrate.md §8).
 * Pure path arithmetic: nothing here touches the disk.
 */
import { join, resolve } from 'node:path';
import { LoopError } from '../errors.js';

/** Absolute paths of the project files agents and the engine share. */
export interface ProjectPaths {
  root: string;
  /** `<root>/.loop` */
  loopDir: string;
  /** `<root>/.loop/orchestrator-state.json` (ledger, schema v2) */
  ledger: string;
  /** `<root>/.loop/messages` (pending mail = `*.md` directly in here) */
  mailbox: string;
  /** `<root>/.loop/messages/processed` (acked mail) */
  processed: string;
  /** `<root>/.loop/messages/failed` (quarantined mail) */
  failed: string;
  /** `<root>/ops-wiki` */
  wiki: string;
  /** `<root>/ops-wiki/log.md` (append-only) */
  log: string;
  /** `<root>/ops-wiki/checkpoint.md` (marker rule) */
  checkpoint: string;
  /** `<root>/ops-wiki/index.md` */
  index: string;
  /** `<root>/ops-wiki/decisions-archive.md` (rotated decision entries) */
  decisionsArchive: string;
  /** `<root>/ops-wiki/lanes` */
  lanesDir: string;
  /** `<root>/ops-wiki/loops` */
  loopsDir: string;
  /** `<root>/tasks` */
  tasks: string;
  /** `<root>/tasks/archive` */
  tasksArchive: string;
  /** `<root>/docs/adr` */
  adr: string;
  /** `<root>/lane-config.yaml` */
  laneConfig: string;
}

/** Per-session paths under `<root>/.loop/sessions/<session>`. */
export interface SessionPaths {
  dir: string;
  /** `…/engine` (reserved for the engine) */
  engine: string;
  /** `…/lane-restarts.jsonl` (watchdog, append-only) */
  restarts: string;
  /** `…/engine/brain` (brain and ingest transcripts) */
  transcripts: string;
}

/**
 * Normalise a project root the way every `--project-root` is normalised (wiki spec §1): make it
 * absolute against the current directory and collapse `.`/`..` lexically. Symlinks are NOT resolved
 * (a root reached through a symlink keeps that spelling) and nothing is created.
 * Throws LoopError `bad-path` for an empty string or one containing a NUL byte.
 */
export function normaliseRoot(p: string): string {
  if (p === '' || p.includes('\0')) throw new LoopError('bad-path', `not a usable path: ${JSON.stringify(p)}`);
  return resolve(p);
}

/**
 * All shared project paths for `root` (normalised with `normaliseRoot`). Throws LoopError `bad-path`
 * when `root` is empty or contains NUL.
 */
export function projectPaths(root: string): ProjectPaths {
  const r = normaliseRoot(root);
  const loopDir = join(r, '.loop');
  const mailbox = join(loopDir, 'messages');
  const wiki = join(r, 'ops-wiki');
  const tasks = join(r, 'tasks');
  return {
    root: r,
    loopDir,
    ledger: join(loopDir, 'orchestrator-state.json'),
    mailbox,
    processed: join(mailbox, 'processed'),
    failed: join(mailbox, 'failed'),
    wiki,
    log: join(wiki, 'log.md'),
    checkpoint: join(wiki, 'checkpoint.md'),
    index: join(wiki, 'index.md'),
    decisionsArchive: join(wiki, 'decisions-archive.md'),
    lanesDir: join(wiki, 'lanes'),
    loopsDir: join(wiki, 'loops'),
    tasks,
    tasksArchive: join(tasks, 'archive'),
    adr: join(r, 'docs', 'adr'),
    laneConfig: join(r, 'lane-config.yaml'),
  };
}

/**
 * Paths of one session's private directory. `session` must be a single path segment (not empty,
 * no `/`, `\` or NUL, not `.`/`..`), else LoopError `bad-session-name` — a session name can never
 * point outside `.loop/sessions/`.
 */
export function sessionPaths(root: string, session: string): SessionPaths {
  if (session === '' || session === '.' || session === '..' || /[/\\\0]/.test(session)) {
    throw new LoopError('bad-session-name', `session name ${JSON.stringify(session)} is not a single path segment`);
  }
  const dir = join(normaliseRoot(root), '.loop', 'sessions', session);
  const engine = join(dir, 'engine');
  return { dir, engine, restarts: join(dir, 'lane-restarts.jsonl'), transcripts: join(engine, 'brain') };
}
