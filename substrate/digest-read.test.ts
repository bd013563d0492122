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

  it('subjects: CRLF, BOM, quoted values, fences with trailing blanks, no frontmatter, an unterminated last line', () => {
    expect(findSubject('---\r\nfrom: a\r\nsubject: "q: \\u00e9"\r\n---\r\n')).toEqual({ subject: 'q: é', complete: true });
    expect(findSubject("\uFEFFsubject: 'it''s'\r\n").subject).toBe("it's");
    expect(findSubject('---\nfrom: a\n---  \t\r\nsubject: after fence\n')).toEqual({ subject: 'after fence', complete: true });
    expect(findSubject('---\nfrom: a\n----\nsubject: still inside\n---\n').subject).toBe('still inside');
    expect(findSubject('--- \nsubject: not a fence opener\n').subject).toBe('not a fence opener');
    expect(findSubject('---\nsubject:')).toEqual({ subject: '', complete: true });
    expect(findSubject('---\nsubject: no newline')).toEqual({ subject: 'no newline', complete: true });
    expect(findSubject('---')).toEqual({ subject: null, complete: true });
    expect(findSubject('')).toEqual({ subject: null, complete: true });
    expect(findSubject('Subject: case matters\n subject: indented\n').subject).toBeNull();
    expect(findSubject([...Array<string>(39).fill('x'), 'subject: line 40'].join('\r\n')).subject).toBe('line 40');
  });

  it('subjects: a cut head never trusts its unterminated last line (it may be half a line)', () => {
    expect(findSubject('---\nfrom: a\nsubject: trunc', true)).toEqual({ subject: null, complete: false });
    expect(findSubject('---\nfrom: a\nsubject: whole\nnote: x', true)).toEqual({ subject: 'whole', complete: true });
    expect(findSubject('plain\nsubject: trunc', true)).toEqual({ subject: null, complete: false });
    expect(findSubject('plain\nsubject: whole\n', true)).toEqual({ subject: 'whole', complete: true });
    expect(findSubject('plain\nbody\n', true)).toEqual({ subject: null, complete: true });
  });

  it('subjects: the indexOf scan gives exactly what the former line walker gave', () => {
    const parts = ['---', '--- ', '---\t', '----', 'subject: a', 'subject:"b"', "subject: 'c''d'", 'subject:', 'from: x', '', ' subject: no', '\uFEFF', 'x\u2028y', 'subject: \u00e9\r'];
    const seps = ['\n', '\r\n', '\r', ''];
    let seed = 7;
    const rnd = (n: number): number => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed % n; };
    for (let i = 0; i < 3000; i++) {
      let head = rnd(4) === 0 ? '\uFEFF' : '';
      const lines = rnd(12);
      for (let j = 0; j < lines; j++) head += parts[rnd(parts.length)]! + seps[rnd(seps.length)]!;
      expect(findSubject(head), JSON.stringify(head)).toEqual(formerFindSubject(head));
    }
    const long = [...Array<string>(45).keys()].map((k) => (k === 41 ? 'subject: 42nd' : `l${k}`)).join('\n');
    expect(findSubject(long)).toEqual(formerFindSubject(long));
    expect(findSubject(`---\n${long}`)).toEqual(formerFindSubject(`---\n${long}`));
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

  it('a subject line straddling the 8 KiB boundary is read whole; one past 64 KiB is not found', () => {
    const pad = 'note: p\n'.repeat(1022); // 8,176 bytes after the 4-byte fence: the subject line starts at 8,180
    writeFileSync(join(dir, 'a.md'), `---\n${pad}subject: the whole subject line\n---\n`);
    writeFileSync(join(dir, 'b.md'), `---\n${'note: p\n'.repeat(9000)}subject: too deep\n---\n`);
    writeFileSync(join(dir, 'c.md'), 'x'.repeat(9000) + '\nsubject: after a long line\n');
    writeFileSync(join(dir, 'd.md'), Buffer.concat([Buffer.from('---\nsubject: s\n---\n'), Buffer.from([0])]));
    writeFileSync(join(dir, 'e.md'), '');
    writeFileSync(join(dir, 'f.md'), '\uFEFF---\nsubject: café ✓ 日本\n---\n');
    expect(listPending(dir).map((m) => [m.file, m.subject, m.problem])).toEqual([
      ['a.md', 'the whole subject line', null],
      ['b.md', '', 'no subject: line'],
      ['c.md', 'after a long line', null],
      ['d.md', '', 'binary content'],
      ['e.md', '', 'no subject: line'],
      ['f.md', 'café ✓ 日本', null],
    ]);
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

/** The line walker findSubject replaced (commit 125a077), kept as the oracle for the equivalence test. */
function formerFindSubject(head: string): { subject: string | null; complete: boolean } {
  const text = head.charCodeAt(0) === 0xfeff ? head.slice(1) : head;
  let at = 0;
  let n = 0;
  const next = (): string | null => {
    if (at > text.length) return null;
    const nl = text.indexOf('\n', at);
    const line = text.slice(at, nl < 0 ? text.length : nl).replace(/\r$/, '');
    at = nl < 0 ? text.length + 1 : nl + 1;
    n++;
    return line;
  };
  if (next() === '---') {
    for (let l = next(); l !== null; l = next()) {
      if (/^---\s*$/.test(l)) break;
      if (l.startsWith('subject:')) return { subject: subjectValue(l.slice(8)), complete: true };
      if (at > text.length) return { subject: null, complete: false };
    }
  }
  at = 0;
  n = 0;
  for (let l = next(); l !== null && n <= 40; l = next()) if (l.startsWith('subject:')) return { subject: subjectValue(l.slice(8)), complete: true };
  return { subject: null, complete: true };
}
