import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
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

  it('status and title: CRLF, first match anywhere in the head, non-matching `# ` lines skipped, 16 KiB limit, symlinks', () => {
    const adr = join(dir, 'adr');
    mkdirSync(adr);
    writeFileSync(join(adr, '0001-crlf.md'), '---\r\nstatus:  Accepted \r\n---\r\n\r\n# 1. Title with CRLF  \r\n');
    writeFileSync(join(adr, '0002-late.md'), '# Intro\n#  2. two spaces\n# x. not a number\nbody\nstatus: Late\n# 2.No space\n# 2. Second\n');
    writeFileSync(join(adr, '0003-empty-title.md'), 'status: Proposed\n# 3.   \n');
    writeFileSync(join(adr, '0004-cr-inside.md'), '# 4. has\ra lone CR\n# 4. Next\n');
    writeFileSync(join(adr, '0005-deep.md'), `${'x\n'.repeat(8200)}status: Too deep\n# 5. Too deep\n`);
    writeFileSync(join(adr, '0006-bom.md'), '\uFEFFstatus: Hidden by the BOM\n# 6. T\nstatus: Second\n');
    writeFileSync(join(dir, 'target.md'), 'status: Linked\n# 7. Via a link\n');
    symlinkSync(join(dir, 'target.md'), join(adr, '0007-link.md'));
    symlinkSync(join(dir, 'missing.md'), join(adr, '0008-dangling.md'));
    const r = listAdrs(adr);
    expect(r.adrs.map((a) => [a.id, a.status, a.title])).toEqual([
      ['0008', '?', '0008-dangling.md'],
      ['0007', 'Linked', 'Via a link'],
      ['0006', 'Second', 'T'],
      ['0005', '?', '0005-deep.md'],
      ['0004', '?', 'Next'],
      ['0003', 'Proposed', '0003-empty-title.md'],
      ['0002', 'Late', 'No space'],
      ['0001', 'Accepted', 'Title with CRLF'],
    ]);
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]!.file).toBe(join(adr, '0008-dangling.md'));
    expect(r.problems[0]!.message).toMatch(/ENOENT/);
  });
});
