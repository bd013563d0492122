/**
 * A daemon whose engine directory disappears (the project deleted or moved away) stops by itself: nothing
 * could find it (`engine stop`, `engine status` read the pid file and daemon.json there) and it would poll
 * forever. CONTRACT.md `engine watch`.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { makeBed, type Bed } from '../helpers/engine.js';
import { assertBuilt } from '../helpers/cli.js';
import { waitFor } from '../helpers/wait-for.js';

let bed: Bed | null = null;
beforeAll(() => assertBuilt());
afterEach(async () => { await bed?.cleanup(); bed = null; });

describe('engine watch without its engine directory', () => {
  it('stops within a few seconds once .loop/sessions/<s>/engine/ is removed, and closes its socket', async () => {
    bed = await makeBed({ lanes: '  web: { harness: demo, role: web }\n' });
    const st = await bed.engine(['start']);
    expect(st.code, st.stderr).toBe(0);
    const engineDir = join(bed.root, '.loop', 'sessions', bed.session, 'engine');
    const info = JSON.parse(readFileSync(join(engineDir, 'daemon.json'), 'utf8')) as { pid: number; socket: string };
    expect(existsSync(info.socket)).toBe(true);
    rmSync(engineDir, { recursive: true, force: true });
    await waitFor(() => { try { process.kill(info.pid, 0); return false; } catch { return true; } }, { timeoutMs: 20_000, what: 'the orphaned daemon to stop' });
    expect(existsSync(info.socket)).toBe(false);
  });
});
