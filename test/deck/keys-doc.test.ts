/** docs/keys.md is generated from deck/keymap.ts; this fails when someone forgot to regenerate it. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KEYS_DOC_COMMAND, renderKeysDoc } from '../../deck/keys-doc.js';
import { KEYMAP } from '../../deck/keymap.js';
import { ROOT } from '../helpers/cli.js';

describe('docs/keys.md', () => {
  it(`is up to date (regenerate with: ${KEYS_DOC_COMMAND})`, () => {
    expect(readFileSync(join(ROOT, 'docs', 'keys.md'), 'utf8')).toBe(renderKeysDoc());
  });

  it('lists every key of the key map', () => {
    const doc = renderKeysDoc();
    for (const b of KEYMAP) expect(doc).toContain(b.description);
    for (const k of ['`q`', '`Ctrl-C`', '`?`', '`j`', '`↓`', '`Tab`', '`y`', '`n`', '`r`', '`Esc`', '`Enter`']) expect(doc).toContain(k);
  });

  it('has no duplicate key within a scope', () => {
    for (const scope of ['main', 'help', 'prompt'] as const) {
      const keys = KEYMAP.filter((b) => b.scope === scope).flatMap((b) => [...b.keys]);
      expect(new Set(keys).size).toBe(keys.length);
    }
  });
});
