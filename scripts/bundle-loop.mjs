// Bundles the compiled `loop` CLI (dist/ from tsc) with esbuild into CommonJS files:
//   dist/loop/main.cjs         the bin: argument parsing (commander, inlined) and the verb table;
//   dist/loop/verbs/<verb>.cjs one self-contained file per verb, require()d only when that verb runs.
// Why (issue 3, item 12: `loop add-lane` ≤ 150 ms, `loop digest --json` ≤ 200 ms as processes): Node 20 has no
// compile cache, and its ES-module loader costs far more per call than require(). Measured with
// `valgrind --tool=callgrind` (instructions, NODE_EXTRA_CA_CERTS unset; `node -e 0` = 87 M): tsc's ES modules
// 316 M for add-lane, an ES-module bundle 260 M, this CommonJS layout 213 M; digest 418 M → 376 M.
// Dependencies other than commander and shell-quote stay external (loaded from node_modules by require when a
// verb needs them): inlining them would make every call of that verb scan their code. `import.meta.url`
// (substrate/pkg.ts) becomes the bundle file's URL; bin('loop') and package.json "bin" name main.cjs.
import { build } from 'esbuild';
import { chmodSync, readFileSync, rmSync } from 'node:fs';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const inlined = new Set(['commander', 'shell-quote']);
const external = Object.keys(pkg.dependencies).filter((d) => !inlined.has(d));
const verbsFile = /[\\/]substrate[\\/]cli[\\/]verbs\.js$/;

/** The verb files verbs.js imports (filled while main.cjs is built; they become the entry points of the verb build). */
const names = new Set();
/** In main.cjs, `import('./<verb>.js')` from verbs.js loads the verb's own bundle instead of inlining it. */
const verbFiles = {
  name: 'loop-verb-files',
  setup(b) {
    b.onResolve({ filter: /^\.\/[a-z-]+\.js$/ }, (args) => {
      if (!verbsFile.test(args.importer)) return undefined;
      const name = args.path.slice(2, -3);
      names.add(name);
      return { path: `./verbs/${name}.cjs`, external: true };
    });
  },
};

const common = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  external,
  // import() → require(): an ES-module import() would start Node's ES-module loader, the cost this layout avoids.
  supported: { 'dynamic-import': false },
  define: { 'import.meta.url': '__loopdeckImportMetaUrl' },
  banner: { js: "const __loopdeckImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  logLevel: 'warning',
  legalComments: 'none',
};

rmSync('dist/loop', { recursive: true, force: true });
await build({ ...common, entryPoints: ['dist/substrate/cli/main.js'], outfile: 'dist/loop/main.cjs', plugins: [verbFiles] });
// The verb files: exactly those main.cjs will require (esbuild fails on a file tsc did not build).
if (!names.size) {
  process.stderr.write('bundle-loop: main.cjs imports no verb file (is substrate/cli/verbs.ts still the verb table?)\n');
  process.exit(1);
}
const { metafile } = await build({ ...common, metafile: true, entryPoints: Object.fromEntries([...names].map((n) => [n, `dist/substrate/cli/${n}.js`])), outdir: 'dist/loop/verbs', outExtension: { '.js': '.cjs' } });
// A verb file must not carry a commander of its own: main.cjs's commander parses, and `instanceof` across two
// copies fails (use `cmd.createOption(…)`, not `new Option(…)`). LoopError is recognised across copies by a brand.
const ownCommander = Object.entries(metafile.outputs).filter(([, o]) => Object.keys(o.inputs).some((i) => /node_modules[\\/]commander[\\/]/.test(i))).map(([f]) => f);
if (ownCommander.length) {
  process.stderr.write(`bundle-loop: these verb files bundle commander at run time (import only its types): ${ownCommander.join(', ')}\n`);
  process.exit(1);
}
chmodSync('dist/loop/main.cjs', 0o755);
