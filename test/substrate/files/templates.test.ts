import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { COORD_MARKER, appendLog, checkMarker, fileBelowMarker, splitAtMarker } from '../../../substrate/files/wiki.js';
import { TASK_SECTIONS, listTasks, readyTasks } from '../../../substrate/files/tasks.js';
import { listAdrs } from '../../../substrate/files/adr.js';

const repo = new URL('../../../', import.meta.url).pathname;
let dir: string;
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'loopdeck-')); });
afterEach(() => { rmSync(dir, { recursive: true, force: true }); });

describe('ops-wiki-template', () => {
  const wiki = join(repo, 'ops-wiki-template');

  it('checkpoint.md has exactly one marker, the §2.6 sections above it and the Decision needed preamble below', () => {
    const page = join(wiki, 'checkpoint.md');
    expect(checkMarker(page)).toBeNull();
    const { above, below } = splitAtMarker(readFileSync(page, 'utf8'));
    for (const h of ['# checkpoint', '## Current objective', '## Loop states', '## Open conflicts', '## Last compiled']) expect(above).toContain(`${h}\n`);
    expect(below).toBe(`${COORD_MARKER}\n## Decision needed\n\n(none)\n`);
  });

  it('filing into a copy of the template keeps the template as a prefix', () => {
    cpSync(wiki, join(dir, 'ops-wiki'), { recursive: true });
    const page = join(dir, 'ops-wiki', 'checkpoint.md');
    const before = readFileSync(page, 'utf8');
    fileBelowMarker(page, '### [t] decision d-1 (approved)\n', { keep: 10, archivePath: join(dir, 'ops-wiki', 'decisions-archive.md') });
    expect(readFileSync(page, 'utf8')).toBe(`${before}### [t] decision d-1 (approved)\n`);
    const log = join(dir, 'ops-wiki', 'log.md');
    const logBefore = readFileSync(log, 'utf8');
    appendLog(log, 'init', 'project created', new Date('2026-01-01T00:00:00Z'));
    expect(readFileSync(log, 'utf8')).toBe(`${logBefore}\n## [2026-01-01] init | project created\n`);
  });

  it('ships the six lane pages with the §2.6 skeleton, linked from index.md', () => {
    const index = readFileSync(join(wiki, 'index.md'), 'utf8');
    for (const h of ['## Core', '## Lanes', '## Loops', '## Decisions']) expect(index).toContain(`${h}\n`);
    for (const lane of ['coord', 'web', 'infra', 'validate', 'ops', 'docs']) {
      const text = readFileSync(join(wiki, 'lanes', `${lane}.md`), 'utf8');
      expect(text.startsWith(`# lane: ${lane}\n`)).toBe(true);
      for (const h of ['## Role', '## Current assignment', '## Last outcome', '## Open items']) expect(text).toContain(`${h}\n`);
      expect(index).toContain(`[lanes/${lane}.md](lanes/${lane}.md) — `);
    }
    expect(existsSync(join(wiki, 'loops', '.gitkeep'))).toBe(true);
    expect(existsSync(join(wiki, 'README.md'))).toBe(true);
  });
});

describe('tasks-template', () => {
  it('the example task is read cleanly, is lint-shaped and ready', () => {
    cpSync(join(repo, 'tasks-template'), join(dir, 'tasks'), { recursive: true });
    const r = listTasks(dir);
    expect(r.problems).toEqual([]);
    expect(r.tasks.map((t) => t.file)).toEqual(['T0001-example.md']);
    expect(readyTasks(r.tasks).map((t) => t.id)).toEqual(['T0001']);
    const text = readFileSync(join(dir, 'tasks', 'T0001-example.md'), 'utf8');
    expect(r.tasks[0]?.file).toMatch(/^T[0-9]{4}-[a-z0-9][a-z0-9-]*\.md$/);
    const fm = text.split('\n---\n')[0] ?? '';
    for (const k of ['id', 'title', 'status', 'depends_on', 'scope']) expect(fm).toMatch(new RegExp(`^${k}:`, 'm'));
    expect(fm).toMatch(/^depends_on: *\[[^[\]]*\] *$/m);
    for (const s of TASK_SECTIONS) expect(text).toMatch(new RegExp(`^## ${s}`, 'm'));
    expect(existsSync(join(dir, 'tasks', 'archive', '.gitkeep'))).toBe(true);
    expect(readFileSync(join(dir, 'tasks', 'README.md'), 'utf8')).toContain('review');
  });
});

describe('adr-template', () => {
  it('the MADR skeleton has the gate fields and is not listed as an ADR', () => {
    const text = readFileSync(join(repo, 'adr-template', '0000-template.md'), 'utf8');
    const fm = parse(text.split('\n---\n')[0]?.replace(/^---\n/, '') ?? '') as Record<string, unknown>;
    expect(Object.keys(fm)).toEqual(['status', 'date', 'deciders', 'verify_record', 'canary_record', 'rollback']);
    expect(fm.status).toBe('Proposed');
    expect(text).toMatch(/^# 0000\. /m);
    expect(listAdrs(join(repo, 'adr-template'))).toEqual({ adrs: [], problems: [] });
    expect(readdirSync(join(repo, 'adr-template')).sort()).toEqual(['0000-template.md', 'README.md']);
  });
});
