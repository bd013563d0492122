/**
 * The Node options on a bin's `#!/usr/bin/env -S … node <options>` line, e.g.
 * `['--max-semi-space-size=4']` for the deck. Pure: takes the file's text, returns the words after
 * `node` on its first line ([] when the line has none or is not a shebang). Used by `npm run bench`
 * so the deck bench runs with the flags the deck's bin starts with (DESIGN.md §10).
 */
export function deckNodeFlags(binText: string): string[] {
  const first = binText.split('\n', 1)[0] ?? '';
  if (!first.startsWith('#!')) return [];
  const words = first.slice(2).trim().split(/\s+/);
  const at = words.findIndex((w) => w === 'node' || w.endsWith('/node'));
  return at < 0 ? [] : words.slice(at + 1).filter((w) => w.startsWith('--'));
}
