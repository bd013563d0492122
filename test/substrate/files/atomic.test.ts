import { chmodSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  appendLine, fingerprint, moveNoOverwrite, prepareAtomicWrite, readHead, readTextIfExists, writeFileAtomic, writeFileExclusive, writeJsonAtomic,
} from '../../../substrate/files/atomic.js';
import { normaliseRoot, projectPaths, sessionPaths } from '../../../substrate/files/paths.js';
import { formatProblem } from '../../../substrate/files/problems.js';

let dir: string;
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'loopdeck-')); });
afterEach(() => { rmSync(dir, { recursive: true, force: true }); });

const temps = (d: string): string[] => readdirSync(d).filter((n) => n.endsWith('.tmp'));

describe('atomic writes', () => {
  it('creates the parent dir, replaces content, leaves no temp, keeps the existing mode', () => {
    const p = join(dir, 'a', 'b', 'f.txt');
    writeFileAtomic(p, 'one');
    expect(readFileSync(p, 'utf8')).toBe('one');
    chmodSync(p, 0o600);
    writeFileAtomic(p, Buffer.from('two ✓'));
    expect(readFileSync(p, 'utf8')).toBe('two ✓');
    expect(statSync(p).mode & 0o777).toBe(0o600);
    writeFileAtomic(p, 'three', { mode: 0o640 });
    expect(statSync(p).mode & 0o777).toBe(0o640);
    expect(temps(join(dir, 'a', 'b'))).toEqual([]);
  });

  it('fails cleanly (no temp left, target untouched) when the target cannot be replaced', () => {
    const target = join(dir, 'isdir');
    mkdirSync(join(target, 'child'), { recursive: true });
    expect(() => writeFileAtomic(target, 'x')).toThrow(/cannot replace/);
    expect(temps(dir)).toEqual([]);
  });

  it('prepared writes can be aborted; the temp name is .<base>.<pid>.<random>.tmp', () => {
    const p = join(dir, 'page.md');
    writeFileSync(p, 'orig');
    const w = prepareAtomicWrite(p, 'new');
    const [tmp] = temps(dir);
    expect(tmp).toMatch(new RegExp(`^\\.page\\.md\\.${process.pid}\\.[0-9a-f]+\\.tmp$`));
    w.abort();
    expect(temps(dir)).toEqual([]);
    expect(readFileSync(p, 'utf8')).toBe('orig');
  });

  it('writeJsonAtomic uses 2-space indent and a trailing newline', () => {
    const p = join(dir, 'x.json');
    writeJsonAtomic(p, { a: [1], b: { c: null } });
    expect(readFileSync(p, 'utf8')).toBe('{\n  "a": [\n    1\n  ],\n  "b": {\n    "c": null\n  }\n}\n');
  });

  it('writeFileExclusive never overwrites', () => {
    const p = join(dir, 'm.md');
    expect(writeFileExclusive(p, 'first')).toBe(true);
    expect(writeFileExclusive(p, 'second')).toBe(false);
    expect(readFileSync(p, 'utf8')).toBe('first');
    expect(temps(dir)).toEqual([]);
  });

  it('moveNoOverwrite moves, refuses a taken name, reports a missing source', () => {
    writeFileSync(join(dir, 'a'), 'A');
    writeFileSync(join(dir, 'b'), 'B');
    expect(moveNoOverwrite(join(dir, 'a'), join(dir, 'sub', 'a'))).toBe('moved');
    expect(moveNoOverwrite(join(dir, 'b'), join(dir, 'sub', 'a'))).toBe('exists');
    expect(readFileSync(join(dir, 'sub', 'a'), 'utf8')).toBe('A');
    expect(readFileSync(join(dir, 'b'), 'utf8')).toBe('B');
    expect(moveNoOverwrite(join(dir, 'a'), join(dir, 'sub', 'c'))).toBe('missing');
  });
});

describe('appendLine', () => {
  it('repairs a torn last line, adds the trailing newline, creates the file', () => {
    const p = join(dir, 'd', 'log.md');
    appendLine(p, 'first');
    expect(readFileSync(p, 'utf8')).toBe('first\n');
    writeFileSync(p, 'first\ntorn');
    appendLine(p, 'next\n');
    expect(readFileSync(p, 'utf8')).toBe('first\ntorn\nnext\n');
  });

  it('blankLineBefore separates from existing content exactly once', () => {
    const p = join(dir, 'log.md');
    appendLine(p, 'a', { blankLineBefore: true });
    appendLine(p, 'b', { blankLineBefore: true });
    writeFileSync(p, `${readFileSync(p, 'utf8')}\n`);
    appendLine(p, 'c', { blankLineBefore: true });
    expect(readFileSync(p, 'utf8')).toBe('a\n\nb\n\nc\n');
  });
});

describe('reading', () => {
  it('readTextIfExists returns null for a missing file, throws for a directory', () => {
    expect(readTextIfExists(join(dir, 'nope'))).toBeNull();
    expect(readTextIfExists(join(dir, 'nope', 'deeper'))).toBeNull();
    expect(() => readTextIfExists(dir)).toThrow(/cannot read/);
    writeFileSync(join(dir, 'f'), 'x');
    expect(readTextIfExists(join(dir, 'f'))).toBe('x');
  });

  it('readHead reads at most maxBytes; fingerprint changes on replace', () => {
    const p = join(dir, 'big');
    writeFileSync(p, 'z'.repeat(100_000));
    expect(readHead(p, 10)?.toString()).toBe('z'.repeat(10));
    expect(readHead(join(dir, 'none'), 10)).toBeNull();
    const f1 = fingerprint(p);
    writeFileAtomic(p, 'z'.repeat(100_000));
    expect(fingerprint(p)).not.toBe(f1);
    expect(fingerprint(join(dir, 'none'))).toBeNull();
  });
});

describe('paths and problems', () => {
  it('normaliseRoot is lexical and never resolves symlinks', () => {
    expect(normaliseRoot('/a/b/../c/./d/')).toBe('/a/c/d');
    expect(normaliseRoot('rel')).toBe(join(process.cwd(), 'rel'));
    expect(() => normaliseRoot('')).toThrow();
  });

  it('projectPaths and sessionPaths', () => {
    const p = projectPaths('/proj/x/..');
    expect(p).toMatchObject({
      root: '/proj', ledger: '/proj/.loop/orchestrator-state.json', mailbox: '/proj/.loop/messages', processed: '/proj/.loop/messages/processed',
      failed: '/proj/.loop/messages/failed', wiki: '/proj/ops-wiki', log: '/proj/ops-wiki/log.md', checkpoint: '/proj/ops-wiki/checkpoint.md',
      index: '/proj/ops-wiki/index.md', decisionsArchive: '/proj/ops-wiki/decisions-archive.md', lanesDir: '/proj/ops-wiki/lanes', loopsDir: '/proj/ops-wiki/loops',
      tasks: '/proj/tasks', tasksArchive: '/proj/tasks/archive', adr: '/proj/docs/adr', laneConfig: '/proj/lane-config.yaml', loopDir: '/proj/.loop',
    });
    expect(sessionPaths('/proj', 's1')).toEqual({
      dir: '/proj/.loop/sessions/s1', engine: '/proj/.loop/sessions/s1/engine', restarts: '/proj/.loop/sessions/s1/lane-restarts.jsonl',
      transcripts: '/proj/.loop/sessions/s1/engine/brain',
    });
    expect(() => sessionPaths('/proj', '../x')).toThrow(/single path segment/);
    expect(() => sessionPaths('/proj', '..')).toThrow();
  });

  it('formatProblem omits absent parts', () => {
    expect(formatProblem({ file: 'f', message: 'm' })).toBe('f: m');
    expect(formatProblem({ file: 'f', line: 3, message: 'm' })).toBe('f:3: m');
    expect(formatProblem({ file: 'f', line: 3, key: 'k', message: 'm' })).toBe('f:3: k: m');
    expect(formatProblem({ file: 'f', key: 'k', message: 'm' })).toBe('f: k: m');
  });
});
