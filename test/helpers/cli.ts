/** Run the built CLIs (dist/) as real processes; never tsx at run time. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { existsSync } from 'node:fs';

export const ROOT = join(import.meta.dirname, '..', '..');
export const BIN = { loop: join(ROOT, 'dist/loop/main.cjs'), engine: join(ROOT, 'dist/engine/bin/main.cjs'), deck: join(ROOT, 'dist/deck/main.js'), demo: join(ROOT, 'dist/demo/main.js') };

export interface CliResult { code: number; stdout: string; stderr: string; ms: number }

export function assertBuilt(): void {
  if (!existsSync(BIN.loop)) throw new Error('dist/ is missing: run `npm run build` (npm test does it)');
}

/** Run `node <bin> ...args` and collect output. */
export function runCli(bin: keyof typeof BIN, args: string[], opts: { cwd?: string; env?: Record<string, string | undefined>; input?: string; timeoutMs?: number } = {}): Promise<CliResult> {
  const t0 = Date.now();
  return new Promise((resolve, reject) => {
    const env = { ...process.env, ...opts.env };
    delete env.TMUX;
    for (const [k, v] of Object.entries(opts.env ?? {})) if (v === undefined) delete env[k];
    const child = spawn(process.execPath, [BIN[bin], ...args], { cwd: opts.cwd, env: env as NodeJS.ProcessEnv, stdio: [opts.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
    if (opts.input !== undefined) child.stdin?.end(opts.input);
    const t = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => { clearTimeout(t); resolve({ code: code ?? -1, stdout, stderr, ms: Date.now() - t0 }); });
  });
}
