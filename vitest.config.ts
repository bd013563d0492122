import { defineConfig } from 'vitest/config';

// Unit tests sit beside pure code (`*.test.ts` in substrate/, engine/, deck/); everything that starts a
// process, socket or tmux server lives under test/. A JSON report is always written so `.ci/run` can
// print its own `N passed, N failed` line (the CI runner does not read vitest's summary).
export default defineConfig({
  test: {
    include: ['substrate/**/*.test.ts', 'engine/**/*.test.ts', 'deck/**/*.test.ts', 'bench/**/*.test.ts', 'test/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['test/helpers/global-setup.ts'],
    pool: 'forks',
    // Every integration test owns its tmux server, project and socket, so files can run side by side.
    maxWorkers: 2,
    // A timeout here detects a hang; it is not a speed check (speed is `npm run bench`). Integration
    // tests start several processes each, and with two files side by side on two cores a test that
    // takes 7 s alone has taken over 30 s in CI, so every test and hook gets 120 s unless it says more.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    reporters: ['default', ['json', { outputFile: '.vitest-results.json' }]],
  },
});
