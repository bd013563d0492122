// Flat config. Besides typescript-eslint's recommended rules it enforces the dependency rule of
// DESIGN.md §2: deck → engine/protocol only · engine → substrate · substrate → nothing of ours;
// only substrate/proc spawns processes, only engine/store opens SQLite, only the deck loads blessed;
// only a CLI's main.ts calls process.exit; never `shell: true`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const SPAWN = { names: ['node:child_process', 'child_process', 'execa'], message: 'Only substrate/proc/ may spawn processes (DESIGN.md §2). Use substrate/proc/run.ts.' };
const SQLITE = { names: ['better-sqlite3'], message: 'Only engine/store/ may open SQLite (DESIGN.md §2).' };
const BLESSED = { names: ['blessed', 'blessed-contrib'], message: 'Only the deck may load blessed: it installs process-global handlers (DESIGN.md §2).' };
const UP_FROM_SUBSTRATE = { regex: '(^|/)(engine|deck|demo|bench)/', message: 'substrate depends on nothing of ours (DESIGN.md §2).' };
const UP_FROM_ENGINE = { regex: '(^|/)(deck|demo|bench)/', message: 'engine must not import the deck (DESIGN.md §2).' };
const DECK_REACH = { regex: '(^|/)(substrate/|engine/(?!protocol/))', message: 'The deck imports engine/protocol only (DESIGN.md §2).' };

/** Build one `no-restricted-imports` setting from the groups that apply to an area. */
function restrict(groups) {
  const paths = [];
  const patterns = [];
  for (const g of groups) {
    if (g.names) for (const name of g.names) paths.push({ name, message: g.message });
    if (g.regex) patterns.push({ regex: g.regex, message: g.message });
  }
  return ['error', { paths, patterns }];
}

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', setImmediate: 'readonly', URL: 'readonly', AbortController: 'readonly', AbortSignal: 'readonly', TextEncoder: 'readonly', TextDecoder: 'readonly', fetch: 'readonly', queueMicrotask: 'readonly', structuredClone: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': ['error', { selector: "Property[key.name='shell'][value.value=true]", message: 'argv arrays only: never shell: true.' }],
      'no-restricted-properties': ['error', { object: 'process', property: 'exit', message: 'Only a CLI main.ts may call process.exit; throw a typed error instead.' }],
    },
  },
  { files: ['**/main.ts', 'scripts/**', 'test/**', '**/*.test.ts', 'bench/**'], rules: { 'no-restricted-properties': 'off' } },
  { files: ['substrate/**/*.ts'], ignores: ['substrate/proc/**'], rules: { 'no-restricted-imports': restrict([SPAWN, SQLITE, BLESSED, UP_FROM_SUBSTRATE]) } },
  { files: ['substrate/proc/**/*.ts'], rules: { 'no-restricted-imports': restrict([SQLITE, BLESSED, UP_FROM_SUBSTRATE]) } },
  { files: ['engine/**/*.ts'], ignores: ['engine/store/**'], rules: { 'no-restricted-imports': restrict([SPAWN, SQLITE, BLESSED, UP_FROM_ENGINE]) } },
  { files: ['engine/store/**/*.ts'], rules: { 'no-restricted-imports': restrict([SPAWN, BLESSED, UP_FROM_ENGINE]) } },
  { files: ['deck/**/*.ts'], rules: { 'no-restricted-imports': restrict([SPAWN, SQLITE, DECK_REACH]) } },
  { files: ['demo/**/*.ts', 'bench/**/*.ts'], rules: { 'no-restricted-imports': restrict([SPAWN, SQLITE, BLESSED]) } },
);
