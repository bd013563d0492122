/**
 * Where a session's engine files live (DESIGN.md §4): `.loop/sessions/<session>/engine/` with the store, the
 * brain transcripts, daemon.json, the pid file and the log, plus the socket path. Pure; no I/O. Kept apart from
 * context.ts so a CLI verb can name these paths without loading the config schema.
 */
import { join } from 'node:path';
import { socketPathFor } from './protocol/socket-path.js';

export interface EnginePaths {
  sessionDir: string;
  engineDir: string;
  db: string;
  transcripts: string;
  daemonJson: string;
  pidFile: string;
  log: string;
  socket: string;
}

/** The engine paths of `session` under project `root` (absolute when `root` is). Pure. */
export function enginePaths(root: string, session: string): EnginePaths {
  const sessionDir = join(root, '.loop', 'sessions', session);
  const engineDir = join(sessionDir, 'engine');
  return {
    sessionDir, engineDir,
    db: join(engineDir, 'engine.db'),
    transcripts: join(engineDir, 'brain'),
    daemonJson: join(engineDir, 'daemon.json'),
    pidFile: join(engineDir, 'engine.pid'),
    log: join(engineDir, 'daemon.log'),
    socket: socketPathFor(root, session),
  };
}

