import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ackMessage, listMailbox, quarantineMessage, readMessage, writeMessage } from '../../../substrate/files/mailbox.js';

let dir: string;
let mb: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'loopdeck-'));
  mb = join(dir, '.loop', 'messages');
  mkdirSync(mb, { recursive: true });
});
afterEach(() => { rmSync(dir, { recursive: true, force: true }); });

const put = (name: string, body: string | Buffer): void => writeFileSync(join(mb, name), body);

describe('listMailbox', () => {
  it('parses names, subjects and the odd cases without breaking', () => {
    put('20260101-000001-web-to-coord.md', '---\nsubject: hello there\nfrom: web\n---\nbody\n');
    put('20260101-000002-a-to-b-to-c.md', 'no frontmatter here\nsubject: found in body\n');
    put('20260101-000003-web-to-coord.md', 'just a body, nothing else\n');
    put('20260101-000004-x-to-y.md', Buffer.from([0x2d, 0x2d, 0x00, 0x01, 0x02]));
    put('notes.md', '---\nsubject: "quoted: value # kept"\n---\n');
    put('README.md', 'subject: readme\n');
    put('MAILBOX-ReadMe-2.md', 'subject: also readme\n');
    put('20260101-000005-web-to-coord.txt', 'subject: not md\n');
    mkdirSync(join(mb, 'sub.md'));
    const r = listMailbox(mb);
    expect(r.pending.map((m) => m.file)).toEqual([
      '20260101-000001-web-to-coord.md', '20260101-000002-a-to-b-to-c.md', '20260101-000003-web-to-coord.md', '20260101-000004-x-to-y.md', 'notes.md',
    ]);
    const [a, b, c, d, e] = r.pending;
    expect(a).toMatchObject({ from: 'web', to: 'coord', subject: 'hello there', problem: null, path: join(mb, a?.file ?? '') });
    expect(typeof a?.mtime).toBe('number');
    expect(Number.isInteger(a?.mtime)).toBe(true);
    expect(b).toMatchObject({ from: 'a-to-b', to: 'c', subject: 'found in body', problem: null });
    expect(c).toMatchObject({ subject: '', problem: 'no subject: line' });
    expect(d).toMatchObject({ subject: '', problem: 'binary content', size: 5 });
    expect(e).toMatchObject({ from: null, to: null, subject: 'quoted: value # kept' });
    expect(r.problems.map((p) => p.message)).toEqual(['no subject: line', 'binary content']);
    expect(r.processedCount).toBe(0);
  });

  it('frontmatter subject wins over a body subject; only the first 40 lines are searched otherwise', () => {
    put('20260101-000001-a-to-b.md', '---\ntitle: x\nsubject: front\n---\nsubject: body\n');
    put('20260101-000002-a-to-b.md', `${'line\n'.repeat(40)}subject: too late\n`);
    put('20260101-000003-a-to-b.md', '---\ntitle: no subject in block\n---\nsubject: later in body\n');
    const [a, b, c] = listMailbox(mb).pending;
    expect(a?.subject).toBe('front');
    expect(b).toMatchObject({ subject: '', problem: 'no subject: line' });
    expect(c?.subject).toBe('later in body');
  });

  it('reads only the head of a 5 MB message', () => {
    put('20260101-000001-big-to-coord.md', `---\nsubject: big one\n---\n${'y'.repeat(5 * 1024 * 1024)}\n`);
    const t0 = Date.now();
    const [m] = listMailbox(mb).pending;
    expect(m).toMatchObject({ subject: 'big one', problem: null });
    expect(m?.size).toBeGreaterThan(5 * 1024 * 1024);
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it('counts processed mail (readme excluded) and treats a missing dir as empty (acceptance 7, 8)', () => {
    put('20260101-000002-b-to-coord.md', '---\nsubject: two\n---\n');
    put('20260101-000001-a-to-coord.md', '---\nsubject: one\n---\n');
    mkdirSync(join(mb, 'processed'));
    for (const n of ['1.md', '2.md', '3.md', 'readme.md', 'x.txt']) writeFileSync(join(mb, 'processed', n), 'subject: p\n');
    const r = listMailbox(mb);
    expect(r.pending.map((m) => m.file)).toEqual(['20260101-000001-a-to-coord.md', '20260101-000002-b-to-coord.md']);
    expect(r.processedCount).toBe(3);
    expect(listMailbox(join(dir, 'nope'))).toEqual({ pending: [], processedCount: 0, problems: [] });
  });
});

describe('readMessage', () => {
  it('parses frontmatter with the yaml package and returns the body', () => {
    put('m.md', '---\nsubject: "re: d-1 # x"\ntags: [a, b]\n---\nline 1\nline 2\n');
    expect(readMessage(join(mb, 'm.md'))).toEqual({ frontmatter: { subject: 're: d-1 # x', tags: ['a', 'b'] }, body: 'line 1\nline 2\n', problem: null });
  });

  it('reports bad YAML with its line but still returns the body', () => {
    put('m.md', '---\nsubject: a: b: c\n---\nthe body\n');
    const r = readMessage(join(mb, 'm.md'));
    expect(r.frontmatter).toEqual({});
    expect(r.body).toBe('the body\n');
    expect(r.problem).toMatch(/^line 2: invalid frontmatter/);
  });

  it('handles no frontmatter, unclosed frontmatter, missing and binary files', () => {
    put('a.md', 'plain\n');
    put('b.md', '---\nsubject: x\nnever closed\n');
    put('c.md', Buffer.from('---\nsubject: x\n---\n\0\0'));
    expect(readMessage(join(mb, 'a.md'))).toEqual({ frontmatter: {}, body: 'plain\n', problem: 'no frontmatter' });
    expect(readMessage(join(mb, 'b.md')).problem).toBe('frontmatter not closed');
    expect(readMessage(join(mb, 'c.md')).problem).toBe('binary content');
    expect(readMessage(join(mb, 'gone.md')).problem).toBe('file not found');
  });
});

describe('writeMessage', () => {
  const now = new Date('2026-03-04T05:06:07.999Z');

  it('names the file by UTC stamp and round-trips a subject with ": " and "#"', () => {
    const subject = 're: d-1 # urgent: "yes" it\'s';
    const w = writeMessage(mb, { from: 'web', to: 'coord', subject, body: 'hello', now });
    expect(w.file).toBe('20260304-050607-web-to-coord.md');
    expect(readFileSync(w.path, 'utf8').startsWith('---\nsubject: ')).toBe(true);
    expect(readMessage(w.path)).toEqual({ frontmatter: { subject }, body: '\nhello\n', problem: null });
    const [m] = listMailbox(mb).pending;
    expect(m).toMatchObject({ from: 'web', to: 'coord', subject, problem: null });
  });

  it('never overwrites: bumps the seconds until the name is free (pending, processed, failed)', () => {
    const a = writeMessage(mb, { from: 'web', to: 'coord', subject: 'one', body: '', now });
    const b = writeMessage(mb, { from: 'web', to: 'coord', subject: 'two', body: '', now });
    ackMessage(mb, b.file);
    const c = writeMessage(mb, { from: 'web', to: 'coord', subject: 'three', body: '', now });
    expect([a.file, b.file, c.file]).toEqual([
      '20260304-050607-web-to-coord.md', '20260304-050608-web-to-coord.md', '20260304-050609-web-to-coord.md',
    ]);
    expect(readMessage(a.path).frontmatter.subject).toBe('one');
    expect(listMailbox(mb).pending.map((m) => m.subject)).toEqual(['one', 'three']);
    expect(readdirSync(mb).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('collapses newlines in the subject and rejects names that break the pattern', () => {
    const w = writeMessage(mb, { from: 'a', to: 'b', subject: 'two\nlines', body: '', now });
    expect(listMailbox(mb).pending[0]?.subject).toBe('two lines');
    expect(readMessage(w.path).frontmatter.subject).toBe('two lines');
    expect(() => writeMessage(mb, { from: 'a/b', to: 'c', subject: 's', body: '', now })).toThrow(/mail from/);
    expect(() => writeMessage(mb, { from: 'a', to: 'x-to-y', subject: 's', body: '', now })).toThrow(/-to-/);
    expect(() => writeMessage(mb, { from: '', to: 'c', subject: 's', body: '', now })).toThrow();
  });
});

describe('ack and quarantine', () => {
  it('ack moves into processed/, is idempotent, and never overwrites', () => {
    put('20260101-000001-a-to-b.md', 'first');
    expect(ackMessage(mb, '20260101-000001-a-to-b.md')).toBe('20260101-000001-a-to-b.md');
    expect(ackMessage(mb, '20260101-000001-a-to-b.md')).toBeNull();
    put('20260101-000001-a-to-b.md', 'second');
    expect(ackMessage(mb, '20260101-000001-a-to-b.md')).toBe('20260101-000001-a-to-b-dup-1.md');
    expect(readFileSync(join(mb, 'processed', '20260101-000001-a-to-b.md'), 'utf8')).toBe('first');
    expect(readFileSync(join(mb, 'processed', '20260101-000001-a-to-b-dup-1.md'), 'utf8')).toBe('second');
    expect(existsSync(join(mb, '20260101-000001-a-to-b.md'))).toBe(false);
    expect(() => ackMessage(mb, '../x.md')).toThrow(/not a mailbox file name/);
  });

  it('quarantine moves into failed/ with a reason file and is idempotent', () => {
    put('20260101-000001-a-to-b.md', 'stuck');
    const now = new Date('2026-01-02T03:04:05Z');
    expect(quarantineMessage(mb, '20260101-000001-a-to-b.md', 'timeout after\n300 s', now)).toBe(true);
    expect(quarantineMessage(mb, '20260101-000001-a-to-b.md', 'again', now)).toBe(false);
    expect(readFileSync(join(mb, 'failed', '20260101-000001-a-to-b.md'), 'utf8')).toBe('stuck');
    expect(readFileSync(join(mb, 'failed', '20260101-000001-a-to-b.md.ingest-failed.txt'), 'utf8'))
      .toBe('20260102T030405Z ingest quarantined: timeout after 300 s\n');
    expect(listMailbox(mb).pending).toEqual([]);
  });
});
