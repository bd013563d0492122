/**
 * Review regressions (issue 5 item 8): a checkpoint page with several `<!-- coord-decisions -->`
 * lines is refused by both marker-rule writers, with file and line, and left byte-identical.
 * Before the fix a filing rotated the second marker (and the text under it) into the archive.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COORD_MARKER, fileBelowMarker, rewriteAboveMarker } from '../../substrate/files/wiki.js';

let dir: string;
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'loopdeck-rev-')); });
afterEach(() => { rmSync(dir, { recursive: true, force: true }); });

describe('several markers on a checkpoint page', () => {
  const page = (): string => join(dir, 'checkpoint.md');
  const archive = (): string => join(dir, 'decisions-archive.md');
  const text = `# cp\n${COORD_MARKER}\n### e1\n${COORD_MARKER}\nhuman note\n### e2\n`;

  it('a filing is refused naming file:line; page untouched, no archive, no lock left', () => {
    writeFileSync(page(), text);
    expect(() => fileBelowMarker(page(), '### e3\n', { keep: 1, archivePath: archive() }))
      .toThrow(new RegExp(`checkpoint\\.md:4: .*appears 2 times \\(lines 2, 4\\)`));
    expect(readFileSync(page(), 'utf8')).toBe(text);
    expect(existsSync(archive())).toBe(false);
    expect(existsSync(`${page()}.lock`)).toBe(false);
  });

  it('a docs recompile is refused too; page untouched', () => {
    writeFileSync(page(), text);
    expect(() => rewriteAboveMarker(page(), '# cp\n\nnew\n')).toThrow(/there must be exactly one/);
    expect(readFileSync(page(), 'utf8')).toBe(text);
  });

  it('one marker or none still works (acceptance 1-2)', () => {
    writeFileSync(page(), '# cp\n');
    fileBelowMarker(page(), '### e1\n', { keep: 10, archivePath: archive() });
    expect(readFileSync(page(), 'utf8')).toBe(`# cp\n${COORD_MARKER}\n### e1\n`);
    rewriteAboveMarker(page(), '# cp2\n');
    expect(readFileSync(page(), 'utf8')).toBe(`# cp2\n${COORD_MARKER}\n### e1\n`);
  });
});
