import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { deckNodeFlags } from './deck-flags.js';

describe('deckNodeFlags', () => {
  it('reads the options after node on an env -S line', () => {
    expect(deckNodeFlags('#!/usr/bin/env -S -u X Y=${X} node --max-semi-space-size=4\n/** */')).toEqual(['--max-semi-space-size=4']);
  });
  it('is empty without options or without a shebang', () => {
    expect(deckNodeFlags('#!/usr/bin/env node\n')).toEqual([]);
    expect(deckNodeFlags('import x from "y";\n')).toEqual([]);
  });
  it("matches the deck's own bin line", () => {
    const src = readFileSync(new URL('../deck/main.ts', import.meta.url), 'utf8');
    expect(deckNodeFlags(src)).toContain('--max-semi-space-size=4');
  });
});
