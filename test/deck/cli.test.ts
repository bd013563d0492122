/** The built `deck` binary's command-line contract (runs dist/deck/main.js as a process). */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { appendCrashLog, crashLine, crashLogPath } from '../../deck/crash-log.js';
import { ROOT, assertBuilt, runCli } from '../helpers/cli.js';

beforeAll(() => assertBuilt());

describe('deck binary', () => {
  it('requires a session (exit 2)', async () => {
    const r = await runCli('deck', [], { env: { LOOP_SESSION: undefined } });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('error: --session <name> (or $LOOP_SESSION) is required\n');
  });

  it('refuses to start without a terminal (exit 2)', async () => {
    const r = await runCli('deck', ['--session', 's', '--project-root', tmpdir()]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: deck needs a terminal, but stdout is not a TTY/);
    expect(r.stdout).toBe('');
  });

  it('prints the keys doc without npm or a terminal', async () => {
    const r = await runCli('deck', ['--keys-doc']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(readFileSync(join(ROOT, 'docs', 'keys.md'), 'utf8'));
  });

  it('prints help', async () => {
    const r = await runCli('deck', ['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: deck [options]');
  });
});

describe('deck crash log', () => {
  it('appends one line per crash under the session engine dir', () => {
    const root = mkdtempSync(join(tmpdir(), 'ldk-crash-'));
    try {
      const path = crashLogPath(root, 's');
      expect(appendCrashLog(path, crashLine(new Error('a\nb'), new Date('2026-11-21T10:00:00Z')))).toBe(true);
      expect(appendCrashLog(path, crashLine(new RangeError('c'), new Date('2026-11-21T10:00:01Z')))).toBe(true);
      expect(readFileSync(path, 'utf8')).toBe('2026-11-21T10:00:00Z component=deck error=Error: a b\n2026-11-21T10:00:01Z component=deck error=RangeError: c\n');
      writeFileSync(join(root, 'plain-file'), '');
      expect(appendCrashLog(join(root, 'plain-file', 'sub', 'x.log'), 'x')).toBe(false);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
