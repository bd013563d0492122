/**
 * Where an engine's socket lives (DESIGN.md §5): a per-user directory with mode 0700
 * ($XDG_RUNTIME_DIR/loopdeck/ or /tmp/loopdeck-<uid>/), the file named by a short hash of project
 * root + session, so paths stay under 100 bytes (Unix socket paths are silently truncated past 107).
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';

/** The per-user socket directory. */
export function socketDir(env: NodeJS.ProcessEnv = process.env): string {
  const uid = typeof process.getuid === 'function' ? process.getuid() : 0;
  return env.LOOPDECK_RUNTIME_DIR || (env.XDG_RUNTIME_DIR ? join(env.XDG_RUNTIME_DIR, 'loopdeck') : `/tmp/loopdeck-${uid}`);
}

/** The socket path for (project root, session). @throws Error if it would exceed 100 bytes. */
export function socketPathFor(root: string, session: string, env: NodeJS.ProcessEnv = process.env): string {
  const h = createHash('sha256').update(`${root}\0${session}`).digest('hex').slice(0, 16);
  const p = join(socketDir(env), `${h}.sock`);
  if (Buffer.byteLength(p) > 100) throw new Error(`socket path too long (${Buffer.byteLength(p)} bytes > 100): ${p}; set LOOPDECK_RUNTIME_DIR to a shorter directory`);
  return p;
}
