/**
 * A private tmux server per test (DESIGN.md §8): unique `-L` socket, `-f /dev/null`, a non-login
 * bash with a plain `$ ` prompt (so PATH-injected fakes survive and prompts classify), killed in
 * teardown. Never touches the user's default server.
 */
import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { Tmux } from '../../substrate/tmux/server.js';

export interface TestTmux { name: string; tmux: Tmux; run: (...args: string[]) => string; kill: () => void; env: Record<string, string> }

/** Start an empty private server. `path` is prepended to PATH for every pane. */
export function startTmux(opts: { pathPrepend?: string[]; env?: Record<string, string> } = {}): TestTmux {
  const name = `loopdeck-test-${randomBytes(5).toString('hex')}`;
  const base = ['-L', name, '-f', '/dev/null'];
  const path = [...(opts.pathPrepend ?? []), process.env.PATH ?? ''].join(':');
  const env = { ...process.env, PATH: path, PS1: '$ ', ...opts.env } as Record<string, string>;
  delete env.TMUX;
  const run = (...args: string[]): string => execFileSync('tmux', [...base, ...args], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  run('start-server', ';', 'set', '-g', 'exit-empty', 'off', ';', 'set', '-g', 'default-command', "exec env PS1='$ ' bash --norc --noprofile", ';', 'set-environment', '-g', 'PS1', '$ ', ';', 'set-environment', '-g', 'PATH', path);
  for (const [k, v] of Object.entries(opts.env ?? {})) run('set-environment', '-g', k, v);
  return {
    name, env,
    tmux: new Tmux({ socketName: name }),
    run,
    kill: () => {
      try { run('kill-server'); } catch { /* already gone */ }
      // tmux leaves its socket file behind; remove it so test runs leave nothing in the socket dir.
      const uid = typeof process.getuid === 'function' ? process.getuid() : 0;
      rmSync(join(process.env.TMUX_TMPDIR || '/tmp', `tmux-${uid}`, name), { force: true });
    },
  };
}
