// Marks the compiled CLI entry points executable (tsc keeps the shebang but not the mode), so the
// package bins and the tmux lanes can run dist/ directly, then bundles the `loop` and `engine` CLIs (bundle-cli.mjs).
import { chmodSync, existsSync } from 'node:fs';
for (const f of ['dist/substrate/cli/main.js', 'dist/engine/cli/main.js', 'dist/deck/main.js', 'dist/demo/main.js', 'dist/demo/agent.js', 'dist/bench/main.js']) {
  if (existsSync(f)) chmodSync(f, 0o755);
}
await import('./bundle-cli.mjs');
