import { defineConfig } from 'vitest/config';

// Unit tests sit beside pure code (`*.test.ts` in substrate/, engine/, deck/); everything that starts a
// process, socket or tmux server lives under test/. A JSON report is always written so `.ci/run` can
// print its own `N passed, N failed` line (the CI runner does not read vitest's summary).
export default defineConfig({
  test: {
    include: ['substrate/**/*.test.ts', 'engine/**/*.test.ts', 'deck/**/*.test.ts', 'test/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['test/helpers/global-setup.ts'],
    pool: 'forks',
    // Every integration test owns its tmux server, project and socket, so files can run side by side.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 30_000,
    reporters: ['default', ['json', { outputFile: '.vitest-results.json' }]],
  },
});
