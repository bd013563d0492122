/**
 * The `loop` bin line starts Node without NODE_EXTRA_CA_CERTS (Node 20 parses that file while it starts: ~100 ms
 * per call) and hands the variable back to every child (substrate/cli/ca-env.ts; CONTRACT.md "Environment").
 * Proof by a certificate file that does not exist: Node warns `Ignoring extra certs from …` when it loads it.
 * The child is a fake `claude` on PATH whose `--version` (run by `loop harness probe`) prints what it inherited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertBuilt, BIN, runCli } from '../helpers/cli.js';

const CA = '/nonexistent/loopdeck test ca.pem';
let dir = '';
let PATH = '';

beforeAll(() => {
  assertBuilt();
  dir = mkdtempSync(join(tmpdir(), 'loopdeck-ca-'));
  const fake = join(dir, 'claude');
  writeFileSync(fake, `#!${process.execPath}\nif (process.argv[2] === '--version') console.log('fake-claude ca=' + JSON.stringify(process.env.NODE_EXTRA_CA_CERTS ?? null) + ' parked=' + JSON.stringify(process.env.LOOPDECK_EXTRA_CA_CERTS ?? null));\n`);
  chmodSync(fake, 0o755);
  PATH = `${dir}:/usr/bin:/bin`;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Run the bin file itself, as `npm link` or PATH does (its bin line applies). */
function direct(env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(BIN.loop, ['harness', 'probe', 'claude'], { env, encoding: 'utf8' }, (e, stdout, stderr) => resolve({ code: e ? Number(e.code ?? 1) : 0, stdout, stderr }));
  });
}

describe('loop bin line and NODE_EXTRA_CA_CERTS', () => {
  it('the loop process does not load the file, and its children get the variable unchanged', async () => {
    const r = await direct({ PATH, NODE_EXTRA_CA_CERTS: CA });
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain('extra certs');
    expect(r.stdout).toContain(`fake-claude ca=${JSON.stringify(CA)} parked=null`);
  });
  it('an unset variable stays unset for children (not set to an empty string)', async () => {
    const r = await direct({ PATH });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('fake-claude ca=null parked=null');
  });
  it('the deck bin line does the same (`deck --help`: no load warning)', async () => {
    const r = await new Promise<{ stderr: string; stdout: string }>((resolve) => {
      execFile(BIN.deck, ['--help'], { env: { PATH, NODE_EXTRA_CA_CERTS: CA }, encoding: 'utf8' }, (_e, stdout, stderr) => resolve({ stdout, stderr }));
    });
    expect(r.stdout).toContain('deck');
    expect(r.stderr).not.toContain('extra certs');
  });
  it('control: `node <bin>` (no bin line) loads it — the check above can see a load', async () => {
    const r = await runCli('loop', ['harness', 'probe', 'claude'], { env: { PATH, NODE_EXTRA_CA_CERTS: CA } });
    expect(r.stderr).toContain('Ignoring extra certs');
    expect(r.stdout).toContain(`fake-claude ca=${JSON.stringify(CA)}`);
  });
});
