// Bundles the compiled `loop` CLI (dist/substrate/cli/main.js, from tsc) into dist/loop/ with esbuild:
// one ES module per verb and shared chunks, commander and the other pure-JS dependencies inlined. Node 20
// has no compile cache, and resolving + compiling ~45 separate ES modules cost ~30 ms of every call
// (issue 3, item 12: `loop add-lane` ≤ 150 ms, `loop digest --json` ≤ 200 ms as processes). The bin
// (package.json "bin".loop, substrate/pkg.ts bin('loop')) is dist/loop/main.js.
import { build } from 'esbuild';
import { chmodSync, rmSync } from 'node:fs';

rmSync('dist/loop', { recursive: true, force: true });
const { metafile } = await build({
  metafile: true,
  entryPoints: { main: 'dist/substrate/cli/main.js' },
  outdir: 'dist/loop',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Native addon (never loaded by the substrate; kept out in case a shared module names it).
  external: ['better-sqlite3'],
  // CommonJS dependencies inlined into ES modules call require() for Node built-ins.
  banner: { js: "import { createRequire as __loopdeckCreateRequire } from 'node:module'; const require = __loopdeckCreateRequire(import.meta.url);" },
  chunkNames: 'chunks/[name]-[hash]',
  logLevel: 'warning',
  legalComments: 'none',
});
// `await import('pkg')` of a CommonJS package keeps only `default` once bundled (esbuild cannot see its named
// exports; Node's own loader can), so `const { x } = await import('pkg')` would break at run time. Refuse it:
// import such a package statically from a small module of ours and import that module dynamically.
const bad = [];
for (const [file, input] of Object.entries(metafile.inputs)) {
  for (const imp of input.imports) {
    if (imp.kind === 'dynamic-import' && !imp.external && metafile.inputs[imp.path]?.format === 'cjs') bad.push(`${file}: import('${imp.original ?? imp.path}') is CommonJS`);
  }
}
if (bad.length) {
  process.stderr.write(`bundle-loop: dynamic imports of CommonJS packages lose their named exports when bundled:\n  ${bad.join('\n  ')}\n`);
  process.exit(1);
}
chmodSync('dist/loop/main.js', 0o755);
