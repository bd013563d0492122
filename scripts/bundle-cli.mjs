// Bundles the compiled `loop` and `engine` CLIs (dist/ from tsc) with esbuild into CommonJS files:
//   dist/<cli>/main.cjs            the bin: argument parsing (commander, inlined) and the verb table;
//   dist/<cli>/verbs/<verb>.cjs    one self-contained file per verb file, require()d only when that verb runs.
// (loop: dist/loop/; engine: dist/engine/bin/, inside dist/engine so the daemon's code hash covers it.)
// Why (issue 3, item 12: `loop add-lane` ≤ 150 ms, `loop digest --json` ≤ 200 ms as processes): Node 20 has no
// compile cache, and its ES-module loader costs far more per call than require(). Measured with
// `valgrind --tool=callgrind` (instructions, NODE_EXTRA_CA_CERTS unset; `node -e 0` = 87 M): tsc's ES modules
// 316 M for add-lane, an ES-module bundle 260 M, this CommonJS layout 213 M; digest 418 M → 376 M.
// Dependencies other than commander and shell-quote stay external (loaded from node_modules by require when a
// verb needs them): inlining them would make every call of a verb that bundles them parse them, and would copy
// them into every verb file. (Inlining zod into the engine's files was measured: 5% fewer instructions for
// `engine status` offline, for 12 MB more in dist/ and a slower daemon code hash; not kept.) `import.meta.url` (substrate/pkg.ts) becomes the
// bundle file's URL; bin('loop'|'engine') and package.json "bin" name the main.cjs files.
import { build } from 'esbuild';
import { chmodSync, readFileSync, rmSync } from 'node:fs';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));

const CLIS = [
  { name: 'loop', src: 'dist/substrate/cli', out: 'dist/loop', inlined: ['commander', 'shell-quote'] },
  { name: 'engine', src: 'dist/engine/cli', out: 'dist/engine/bin', inlined: ['commander', 'shell-quote'] },
];

for (const cli of CLIS) await bundle(cli);

/** Build one CLI's main.cjs and its verb files; exits 1 with a message when the layout is broken. */
async function bundle({ name, src, out, inlined }) {
  const keep = new Set(inlined);
  const verbsFile = new RegExp(`${src.replace(/\//g, '[\\\\/]')}[\\\\/]verbs\\.js$`);
  /** The verb files verbs.js imports (filled while main.cjs is built; they become the entry points of the verb build). */
  const names = new Set();
  /** In main.cjs, `import('./<verb>.js')` from verbs.js loads the verb's own bundle instead of inlining it. */
  const verbFiles = {
    name: `${name}-verb-files`,
    setup(b) {
      b.onResolve({ filter: /^\.\/[a-z-]+\.js$/ }, (args) => {
        // Only the table's loaders (`import()`); a static import of verbs.js (verb-table.js) is inlined as usual.
        if (!verbsFile.test(args.importer) || args.kind !== 'dynamic-import') return undefined;
        const verb = args.path.slice(2, -3);
        names.add(verb);
        return { path: `./verbs/${verb}.cjs`, external: true };
      });
    },
  };
  const common = {
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    external: Object.keys(pkg.dependencies).filter((d) => !keep.has(d)),
    // import() → require(): an ES-module import() would start Node's ES-module loader, the cost this layout avoids.
    supported: { 'dynamic-import': false },
    define: { 'import.meta.url': '__loopdeckImportMetaUrl' },
    // "use strict" first: the bundled modules were strict ES modules, and esbuild's own directive would come after
    // the banner, where it no longer counts (a write to a frozen object must throw, not be ignored).
    banner: { js: "'use strict';\nconst __loopdeckImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
    logLevel: 'warning',
    legalComments: 'none',
  };
  rmSync(out, { recursive: true, force: true });
  await build({ ...common, entryPoints: [`${src}/main.js`], outfile: `${out}/main.cjs`, plugins: [verbFiles] });
  // The verb files: exactly those main.cjs will require (esbuild fails on a file tsc did not build).
  if (!names.size) fail(`${name}: main.cjs imports no verb file (is ${src.replace(/^dist\//, '')}/verbs.ts still the verb table?)`);
  const { metafile } = await build({ ...common, metafile: true, entryPoints: Object.fromEntries([...names].map((n) => [n, `${src}/${n}.js`])), outdir: `${out}/verbs`, outExtension: { '.js': '.cjs' } });
  // A verb file must not carry a commander of its own: main.cjs's commander parses, and `instanceof` across two
  // copies fails (use `cmd.createOption(…)`, not `new Option(…)`). LoopError is recognised across copies by a brand.
  const ownCommander = Object.entries(metafile.outputs).filter(([, o]) => Object.keys(o.inputs).some((i) => /node_modules[\\/]commander[\\/]/.test(i))).map(([f]) => f);
  if (ownCommander.length) fail(`${name}: these verb files bundle commander at run time (import only its types): ${ownCommander.join(', ')}`);
  chmodSync(`${out}/main.cjs`, 0o755);
}

function fail(message) {
  process.stderr.write(`bundle-cli: ${message}\n`);
  process.exit(1);
}
