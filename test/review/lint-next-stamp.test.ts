/**
 * Review regression: `engine lint --next --json` and `engine status --json` printed `next_run` with
 * milliseconds (`…T03:00:00.000Z`), against CONTRACT.md "Timestamps in JSON are UTC
 * YYYY-MM-DDTHH:MM:SSZ".
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { assertBuilt, runCli } from '../helpers/cli.js';
import { makeProject, type TestProject } from '../helpers/project.js';

beforeAll(() => assertBuilt());
let p: TestProject;
beforeEach(() => { p = makeProject({ git: false }); });
afterEach(() => { p.cleanup(); });

const STAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;

describe('next lint run in JSON', () => {
  it('engine lint --next --json and engine status --json use the contract stamp', async () => {
    const env = { LOOP_SESSION: undefined, TMUX: undefined };
    const n = await runCli('engine', ['lint', '--next', '--json', '--session', 's', '--project-root', p.root], { env });
    expect(n.code, n.stderr).toBe(0);
    expect((JSON.parse(n.stdout) as { next_run: string }).next_run).toMatch(STAMP);
    const st = await runCli('engine', ['status', '--json', '--session', 's', '--project-root', p.root], { env });
    expect(st.code, st.stderr).toBe(0);
    expect((JSON.parse(st.stdout) as { lint: { next_run: string } }).lint.next_run).toMatch(STAMP);
  });
});
