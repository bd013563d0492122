import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listAdrs } from '../../../substrate/files/adr.js';

let dir: string;
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'loopdeck-')); });
afterEach(() => { rmSync(dir, { recursive: true, force: true }); });

describe('listAdrs', () => {
  it('lists NNNN-*.md newest first with status and title defaults', () => {
    const adr = join(dir, 'docs', 'adr');
    mkdirSync(adr, { recursive: true });
    writeFileSync(join(adr, '0001-use-sqlite.md'), '---\nstatus: Accepted\ndate: 2026-01-01\n---\n\n# 1. Use SQLite for engine state\n');
    writeFileSync(join(adr, '0002-no-status.md'), 'no frontmatter\n# not numbered\n');
    writeFileSync(join(adr, '0003-empty-status.md'), 'status:\n# 3. Third\n');
    writeFileSync(join(adr, '0004-bin.md'), Buffer.from([0, 1, 2]));
    writeFileSync(join(adr, '0000-template.md'), 'status: Proposed\n# 0000. Template\n');
    writeFileSync(join(adr, 'README.md'), 'status: x\n');
    writeFileSync(join(adr, '12-short.md'), 'status: x\n');
    mkdirSync(join(adr, '0005-dir.md'));
    const r = listAdrs(adr);
    expect(r.adrs).toEqual([
      { id: '0004', status: '?', title: '0004-bin.md', path: join(adr, '0004-bin.md') },
      { id: '0003', status: '?', title: 'Third', path: join(adr, '0003-empty-status.md') },
      { id: '0002', status: '?', title: '0002-no-status.md', path: join(adr, '0002-no-status.md') },
      { id: '0001', status: 'Accepted', title: 'Use SQLite for engine state', path: join(adr, '0001-use-sqlite.md') },
    ]);
    expect(r.problems).toEqual([{ file: join(adr, '0004-bin.md'), message: 'binary content' }]);
    expect(listAdrs(join(dir, 'none'))).toEqual({ adrs: [], problems: [] });
  });
});
