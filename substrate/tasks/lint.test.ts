import { describe, expect, it } from 'vitest';
import { lintTaskFiles, formatFinding, plainMapping, type LintInput } from './lint.js';
import { yamlChecker } from './lint-dir.js';

const yc = await yamlChecker();

const SECTIONS = ['Objective', 'Context you need', 'Deliverables', 'Acceptance criteria', 'Verification', 'Out of scope'];
function task(id: string, o: { status?: string; deps?: string; skip?: string; fm?: string; sections?: string[] } = {}): string {
  const secs = (o.sections ?? SECTIONS).filter((s) => s !== o.skip).map((s) => `## ${s}\n\nx\n`).join('\n');
  return `---\nid: ${id}\ntitle: t\nstatus: ${o.status ?? 'open'}\ndepends_on: ${o.deps ?? '[]'}\nscope: s\n${o.fm ?? ''}---\n\n${secs}`;
}
const f = (name: string, text: string, archived = false): LintInput => ({ name, path: `${archived ? 'tasks/archive' : 'tasks'}/${name}`, archived, text });
const msgs = (files: LintInput[]): string[] => lintTaskFiles(files, 'tasks', yc).map(formatFinding);

describe('task lint (spec §5.5, acceptance 19-26)', () => {
  it('a clean pack has no findings', () => {
    expect(msgs([f('T0001-a.md', task('T0001')), f('T0002-b.md', task('T0002', { status: 'done', deps: '[T0001]' }), true)])).toEqual([]);
  });
  it('reports an uppercase slug', () => {
    expect(msgs([f('T0001-Bad.md', task('T0001'))])).toEqual(['tasks/T0001-Bad.md:1: filename must match T<NNNN>-<slug>.md (lowercase slug)']);
  });
  it('reports status vs location both ways', () => {
    const out = msgs([f('T0001-a.md', task('T0001', { status: 'done' })), f('T0002-b.md', task('T0002', { status: 'review' }), true)]);
    expect(out).toEqual([
      "tasks/T0001-a.md:4: status 'done' in tasks/: done and dropped tasks live in tasks/archive/",
      "tasks/archive/T0002-b.md:4: status 'review' in archive/: open, in-progress and review tasks live in tasks/",
    ]);
  });
  it('reports a missing section; an annotated heading passes', () => {
    const sections = SECTIONS.map((s) => (s === 'Out of scope' ? 'Out of scope / escalate' : s));
    expect(msgs([f('T0001-a.md', task('T0001', { skip: 'Verification', sections }))])).toEqual([expect.stringContaining("missing required section '## Verification'")]);
  });
  it('depends_on must be an inline list; missing deps are on the source; cycles are one finding', () => {
    expect(msgs([f('T0001-a.md', task('T0001', { deps: 'T0002' }))])).toEqual(['tasks/T0001-a.md:5: depends_on must be an inline list like [] or [T0001, T0002]']);
    expect(msgs([f('T0001-a.md', task('T0001', { deps: '[T0009]' }))])).toEqual(["tasks/T0001-a.md:5: depends_on 'T0009' does not exist as a task file"]);
    expect(msgs([f('T0001-a.md', task('T0001', { deps: '[T0002]' })), f('T0002-b.md', task('T0002', { deps: '[T0001]' })), f('T0003-c.md', task('T0003', { deps: '[T0001]' }))]))
      .toEqual(['tasks: depends_on cycle detected involving: T0001 T0002 T0003']);
  });
  it('duplicate ids across tasks and archive report on the second file', () => {
    expect(msgs([f('T0001-a.md', task('T0001')), f('T0001-b.md', task('T0001', { status: 'done' }), true)])).toEqual(["tasks/archive/T0001-b.md:2: duplicate task id 'T0001' (first in tasks/T0001-a.md)"]);
  });
  it('id mismatch, bad values, missing keys, broken YAML, bad fences — each with a line', () => {
    expect(msgs([f('T0002-a.md', task('T0001'))])).toEqual(["tasks/T0002-a.md:2: file name must begin with 'T0001-' (the id)"]);
    expect(msgs([f('T0001-a.md', task('T0001', { status: 'wip' }))])).toEqual(["tasks/T0001-a.md:4: status 'wip' not one of open|in-progress|review|done|dropped"]);
    expect(msgs([f('T0001-a.md', task('T0001').replace('scope: s\n', ''))])).toEqual(["tasks/T0001-a.md:1: frontmatter missing required key 'scope'"]);
    expect(msgs([f('T0001-a.md', task('T0001', { fm: 'extra: [unclosed\n' }))])[0]).toMatch(/^tasks\/T0001-a\.md:\d+: frontmatter is not valid YAML/);
    expect(msgs([f('T0001-a.md', task('T0001').replace('title: t', 'title: a: b: c'))])[0]).toMatch(/^tasks\/T0001-a\.md:3: frontmatter is not valid YAML/);
    expect(msgs([f('T0001-a.md', 'no fence\n')])).toEqual(["tasks/T0001-a.md:1: first line must be exactly '---' (frontmatter start)"]);
    expect(msgs([f('T0001-a.md', '---\nid: T0001\n')])).toEqual(["tasks/T0001-a.md:1: frontmatter has no closing '---' line"]);
  });
  it('plainMapping takes the fast path only for obviously valid blocks', () => {
    expect(plainMapping(['id: T0001', 'title: a plain title', 'depends_on: [T0001, T0002]', 'jira: ""', "scope: 'it''s fine'", 'status: open # note'])).toBe(true);
    for (const bad of [['title: a: b: c'], ['title: "open'], ['id: T1', 'id: T2'], ['  nested: x'], ['title: [a'], ['title: *alias'], ['- x']]) expect(plainMapping(bad)).toBe(false);
  });
  it('is deterministic: the same input gives the same findings every run', () => {
    const files = Array.from({ length: 40 }, (_, i) => f(`T${String(i + 1).padStart(4, '0')}-x.md`, task(`T${String(i + 1).padStart(4, '0')}`, { deps: `[T${String(((i + 1) % 40) + 1).padStart(4, '0')}]` })));
    const first = msgs(files);
    for (let i = 0; i < 5; i++) expect(msgs(files)).toEqual(first);
  });
});
