/**
 * The portable (non-Linux) daemon lock: an exclusive link on engine.pid with a serialised take-over
 * of a dead holder's file. Exercised here in-process with `platform` forced.
 */
import { describe, it, expect, afterAll } from 'vitest';
import { mkdtempSync, rmSync, readFileSync, writeFileSync, existsSync, utimesSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { acquireDaemonLock } from '../../engine/daemon/lock.js';
import { enginePaths } from '../../engine/context.js';

const dead = (): number => Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString());

describe('link lock fallback', () => {
  const root = mkdtempSync(join(tmpdir(), 'loopdeck-lock-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const paths = { ...enginePaths(root, 's'), pidFile: join(root, 'engine.pid') };

  it('takes a free lock, and takes over a dead holder (even with a stale take-over file)', async () => {
    const a = await acquireDaemonLock(paths, 'darwin');
    expect(Number(readFileSync(paths.pidFile, 'utf8'))).toBe(process.pid);
    a.release();
    expect(existsSync(paths.pidFile)).toBe(false);
    writeFileSync(paths.pidFile, `${dead()}\n`);
    writeFileSync(`${paths.pidFile}.takeover`, `${dead()}\n`);
    const old = new Date(Date.now() - 60_000);
    utimesSync(`${paths.pidFile}.takeover`, old, old);
    const b = await acquireDaemonLock(paths, 'darwin');
    expect(Number(readFileSync(paths.pidFile, 'utf8'))).toBe(process.pid);
    expect(existsSync(`${paths.pidFile}.takeover`)).toBe(false);
    b.release();
  });

  it('on Linux the abstract lock refuses a second holder in the same namespace', async () => {
    const a = await acquireDaemonLock(paths, 'linux');
    await expect(acquireDaemonLock(paths, 'linux')).rejects.toMatchObject({ code: 'engine-running', exitCode: 1 });
    a.release();
    const b = await acquireDaemonLock(paths, 'linux');
    b.release();
  });
});
