import { describe, expect, it } from 'vitest';
import { SESSION_REQUIRED, parseDeckArgs } from './cli.js';

describe('deck arguments', () => {
  it('needs a session: flag or $LOOP_SESSION', () => {
    expect(parseDeckArgs([], {}, '/p')).toEqual({ kind: 'exit', code: 2, stdout: '', stderr: `${SESSION_REQUIRED}\n` });
    expect(parseDeckArgs([], { LOOP_SESSION: 's' }, '/p')).toEqual({ kind: 'run', opts: { root: '/p', session: 's', socketName: undefined, socketPath: undefined } });
  });

  it('reads root, session and the tmux server', () => {
    expect(parseDeckArgs(['--project-root', 'proj', '--session', 'a', '-L', 'x'], {}, '/w')).toEqual({ kind: 'run', opts: { root: '/w/proj', session: 'a', socketName: 'x', socketPath: undefined } });
    expect(parseDeckArgs(['--session', 'a'], { LOOPDECK_TMUX_SOCKET: 'envsock' }, '/w')).toMatchObject({ opts: { socketName: 'envsock' } });
    expect(parseDeckArgs(['--session', 'a', '-S', '/tmp/s'], { LOOPDECK_TMUX_SOCKET: 'envsock' }, '/w')).toMatchObject({ opts: { socketName: undefined, socketPath: '/tmp/s' } });
  });

  it('prints help (exit 0) and refuses unknown options (exit 2)', () => {
    const help = parseDeckArgs(['--help'], {}, '/');
    expect(help).toMatchObject({ kind: 'exit', code: 0 });
    expect(help.kind === 'exit' && help.stdout).toContain('--project-root <dir>');
    const bad = parseDeckArgs(['--nope'], {}, '/');
    expect(bad).toMatchObject({ kind: 'exit', code: 2 });
    expect(bad.kind === 'exit' && bad.stderr).toContain("unknown option '--nope'");
  });

  it('has a keys-doc mode that needs no session', () => {
    expect(parseDeckArgs(['--keys-doc'], {}, '/')).toEqual({ kind: 'keys-doc' });
  });
});
