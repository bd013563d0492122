import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { countProcessed, findSubject, listPending, readState, subjectValue } from './digest-read.js';

let dir: string;
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'loopdeck-digest-')); });
afterEach(() => { rmSync(dir, { recursive: true, force: true }); });

describe('digest readers (spec §7.2)', () => {
  it('subjects: frontmatter first, else the first 40 lines; quoted scalars unquoted; none → null (never fatal)', () => {
    expect(findSubject('---\nfrom: a\nsubject: Need token\n---\nsubject: body\n').subject).toBe('Need token');
    expect(findSubject('\uFEFF---\r\nsubject: crlf\r\n---\r\n').subject).toBe('crlf');
    expect(findSubject('no frontmatter\nsubject: later\n').subject).toBe('later');
    expect(findSubject([...Array<string>(41).fill('x'), 'subject: too late'].join('\n')).subject).toBeNull();
    expect(findSubject('---\nfrom: a\n---\nbody\n').subject).toBeNull();
    expect(findSubject('---\nfrom: a\n').complete).toBe(false);
    expect(subjectValue(' "Quoted: \\"yes\\"" ')).toBe('Quoted: "yes"');
    expect(subjectValue("'it''s'")).toBe("it's");
  });

  it('pending: *.md regular files (symlinks followed), readme excluded, name order, from/to from the name, integer mtime', () => {
    writeFileSync(join(dir, '20260415-112240-infra-to-coord.md'), 'no subject\n');
    writeFileSync(join(dir, '20260415-112233-web-to-infra.md'), '---\nsubject: a\n---\n');
    writeFileSync(join(dir, 'Readme.md'), 'subject: x\n');
    writeFileSync(join(dir, 'x.txt'), 'subject: x\n');
    mkdirSync(join(dir, 'sub.md'));
    writeFileSync(join(dir, 'target'), '---\nsubject: via link\n---\n');
    symlinkSync(join(dir, 'target'), join(dir, 'link.md'));
    writeFileSync(join(dir, 'bin.md'), Buffer.from([0x73, 0, 1]));
    const p = listPending(dir);
    expect(p.map((m) => [m.file, m.from, m.to, m.subject, m.problem])).toEqual([
      ['20260415-112233-web-to-infra.md', 'web', 'infra', 'a', null],
      ['20260415-112240-infra-to-coord.md', 'infra', 'coord', '', 'no subject: line'],
      ['bin.md', null, null, '', 'binary content'],
      ['link.md', null, null, 'via link', null],
    ]);
    expect(Number.isInteger(p[0]!.mtime) && p[0]!.mtime > 0).toBe(true);
    expect(listPending(join(dir, 'missing'))).toEqual([]);
  });

  it('a subject beyond the first 8 KiB of an open frontmatter is still found', () => {
    writeFileSync(join(dir, 'long.md'), `---\n${'note: padding padding padding\n'.repeat(400)}subject: deep\n---\n`);
    expect(listPending(dir)[0]!.subject).toBe('deep');
  });

  it('processed_count counts message files only (0 when the dir is absent)', () => {
    expect(countProcessed(dir)).toBe(0);
    mkdirSync(join(dir, 'processed', 'nested.md'), { recursive: true });
    for (const n of ['a.md', 'b.md', 'README.md', 'c.txt']) writeFileSync(join(dir, 'processed', n), 'x');
    expect(countProcessed(dir)).toBe(2);
  });

  it('ledger: object → state; missing → null without a problem; bad JSON → problem with file:line; non-object → problem', () => {
    const f = join(dir, 'state.json');
    expect(readState(f)).toEqual({ state: null, problem: null });
    writeFileSync(f, '{"a": 1}');
    expect(readState(f).state).toEqual({ a: 1 });
    writeFileSync(f, '{\n  "a": 1,\n  oops\n}\n');
    expect(readState(f).problem).toMatch(new RegExp(`^${f}:3: invalid JSON`));
    writeFileSync(f, '[1]');
    expect(readState(f)).toEqual({ state: null, problem: `${f}: the ledger is an array, expected an object` });
  });
});
