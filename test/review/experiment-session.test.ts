/**
 * Review regression: `loop metrics --session <typo> --experiment-start ID --note X` created
 * `.loop/sessions/<typo>/engine/engine.db` (a stray session that broke the sole-session default of
 * every later metrics run). It now exits 1 naming the known sessions and creates nothing.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { assertBuilt, runCli } from '../helpers/cli.js';
import { makeProject, type TestProject } from '../helpers/project.js';

beforeAll(() => assertBuilt());
let p: TestProject;
beforeEach(() => { p = makeProject({ git: false }); });
afterEach(() => { p.cleanup(); });

describe('experiment-start on an unknown session', () => {
  it('exit 1, nothing created, nothing logged; the real session still works', async () => {
    mkdirSync(join(p.root, '.loop', 'sessions', 'real'), { recursive: true });
    const log = readFileSync(join(p.root, 'ops-wiki', 'log.md'), 'utf8');
    const env = { LOOP_SESSION: undefined, TMUX: undefined };
    for (const s of ['typo', '../x']) {
      const r = await runCli('loop', ['metrics', '--session', s, '--experiment-start', 'e1', '--note', 'try', '--project-root', p.root], { env });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/no session '.*' under .*nothing recorded/);
      expect(r.stderr).toContain('real');
    }
    expect(existsSync(join(p.root, '.loop', 'sessions', 'typo'))).toBe(false);
    expect(readFileSync(join(p.root, 'ops-wiki', 'log.md'), 'utf8')).toBe(log);
    const ok = await runCli('loop', ['metrics', '--session', 'real', '--experiment-start', 'e1', '--note', 'try', '--project-root', p.root], { env });
    expect(ok.code, ok.stderr).toBe(0);
  });
});

describe('experiment-start baseline line', () => {
  it('the metrics line logged right after the experiment line counts it (experiments=1, not 0)', async () => {
    mkdirSync(join(p.root, '.loop', 'sessions', 'real'), { recursive: true });
    const r = await runCli('loop', ['metrics', '--session', 'real', '--experiment-start', 'e1', '--note', 'try', '--project-root', p.root], { env: { LOOP_SESSION: undefined, TMUX: undefined } });
    expect(r.code, r.stderr).toBe(0);
    const lines = readFileSync(join(p.root, 'ops-wiki', 'log.md'), 'utf8').split('\n').filter((l) => l.startsWith('## ['));
    expect(lines.at(-2)).toMatch(/ experiment \| try \(id e1\)$/);
    expect(lines.at(-1)).toMatch(/ metrics \| .* experiments=1 source=session-events-v2$/);
  });
});
