/**
 * Where the installed loopdeck package lives, so compiled code (dist/…) and sources (under tsx or
 * vitest) both find the templates and the compiled CLI entry points.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | null = null;

/** The directory holding loopdeck's package.json. @throws Error when not found (broken install). */
export function packageRoot(): string {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pj = join(dir, 'package.json');
    if (existsSync(pj)) {
      try { if ((JSON.parse(readFileSync(pj, 'utf8')) as { name?: string }).name === 'loopdeck') return (cached = dir); } catch { /* keep walking */ }
    }
    const up = dirname(dir);
    if (up === dir) throw new Error('loopdeck: cannot find the package root (package.json named loopdeck)');
    dir = up;
  }
}

/** Absolute path of a runnable entry point, e.g. `bin('engine')` → <pkg>/dist/engine/bin/main.cjs; `loop` and `engine` are esbuild bundles (scripts/bundle-cli.mjs). */
export function bin(name: 'loop' | 'engine' | 'deck' | 'demo-agent'): string {
  const rel = { loop: 'dist/loop/main.cjs', engine: 'dist/engine/bin/main.cjs', deck: 'dist/deck/main.js', 'demo-agent': 'dist/demo/agent.js' }[name];
  return join(packageRoot(), rel);
}
