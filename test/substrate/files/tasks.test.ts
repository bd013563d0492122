import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  listTasks, nextTaskId, readyTasks, renderTask, setTaskStatus, slugify, yamlScalar, TASK_SECTIONS, type Task, type TaskSections,
} from '../../../substrate/files/tasks.js';
import { isLoopError } from '../../../substrate/errors.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'loopdeck-'));
  mkdirSync(join(dir, 'tasks', 'archive'), { recursive: true });
});
afterEach(() => { rmSync(dir, { recursive: true, force: true }); });

const sections: TaskSections = { objective: 'Do it.', context: 'All you need.', deliverables: 'Code.', acceptance: 'Works.', verification: 'npm test', outOfScope: '' };
const put = (rel: string, text: string): string => { const p = join(dir, 'tasks', rel); writeFileSync(p, text); return p; };
const fm = (lines: string, body = '\n## Objective\n\nx\n'): string => `---\n${lines}\n---\n${body}`;
const codeOf = (fn: () => unknown): string | undefined => {
  try { fn(); } catch (e) { return isLoopError(e) ? e.code : `not a LoopError: ${String(e)}`; }
  return undefined;
};

describe('listTasks', () => {
  it('reads tasks/ then archive/, skips README.md, fills the Task shape', () => {
    put('README.md', 'not a task');
    put('T0002-b.md', fm('id: T0002\ntitle: "B: second"\nstatus: open\ndepends_on: [T0001]\nloop: alpha\njira: ""\nscope: web'));
    put('T0001-a.md', fm('id: T0001\ntitle: A\nstatus: review\ndepends_on: []\njira: PROJ-7\nscope: all\naccepted: true'));
    put('archive/T0003-c.md', fm('id: T0003\ntitle: C\nstatus: done\ndepends_on: []\nscope: x'));
    const r = listTasks(dir);
    expect(r.problems).toEqual([]);
    expect(r.names).toEqual(['T0001-a.md', 'T0002-b.md', 'T0003-c.md']);
    expect(r.tasks.map((t) => [t.id, t.archived])).toEqual([['T0001', false], ['T0002', false], ['T0003', true]]);
    const b = r.tasks[1] as Task;
    expect(b).toMatchObject({ title: 'B: second', status: 'open', depends_on: ['T0001'], loop: 'alpha', jira: null, scope: 'web', file: 'T0002-b.md' });
    expect(b.body).toBe('\n## Objective\n\nx\n');
    expect(r.tasks[0]?.jira).toBe('PROJ-7');
  });

  it('27: unquoted `title: a: b: c` is malformed → reported with file and YAML line, skipped', () => {
    const bad = put('T0001-bad.md', fm('id: T0001\ntitle: a: b: c\nstatus: open\ndepends_on: []\nscope: s'));
    put('T0002-ok.md', fm('id: T0002\ntitle: ok\nstatus: open\ndepends_on: []\nscope: s'));
    const r = listTasks(dir);
    expect(r.tasks.map((t) => t.id)).toEqual(['T0002']);
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatchObject({ file: bad, line: 3 });
    expect(r.problems[0]?.message).toMatch(/malformed task: invalid YAML/);
    expect(readFileSync(bad, 'utf8')).toContain('title: a: b: c');
  });

  it('reports every other malformed shape without throwing', () => {
    put('T0001-a.md', 'no frontmatter\n');
    put('T0002-b.md', '---\nid: T0002\nnever closed\n');
    put('T0003-c.md', '---\n- a list\n---\n');
    put('T0004-d.md', fm('id: T0004\ntitle: t\nstatus: finished\ndepends_on: []\nscope: s'));
    put('T0005-e.md', fm('id: 5\ntitle: t\nstatus: open\ndepends_on: []\nscope: s'));
    put('T0006-f.md', fm('id: T0006\ntitle: t\nstatus: open\ndepends_on: []\nscope: s'));
    put('T0007-g.md', fm('id: T0006\ntitle: dup\nstatus: open\ndepends_on: []\nscope: s'));
    put('T0008-h.md', Buffer.from([0xff, 0xfe, 0]).toString('latin1'));
    const r = listTasks(dir);
    expect(r.tasks.map((t) => t.file)).toEqual(['T0006-f.md']);
    expect(r.problems.map((p) => p.message)).toEqual([
      'malformed task: first line must be ---',
      'malformed task: no closing --- line',
      'malformed task: frontmatter is not a mapping',
      expect.stringContaining("status \"finished\" not one of"),
      expect.stringContaining('is not T<NNNN>'),
      "duplicate task id 'T0006'",
      'malformed task: first line must be ---',
    ]);
    expect(r.names).toHaveLength(8);
  });

  it('a missing tasks dir is simply empty', () => {
    expect(listTasks(join(dir, 'nowhere'))).toEqual({ tasks: [], problems: [], names: [] });
  });
});

describe('readyTasks', () => {
  const t = (id: string, status: Task['status'], deps: string[] = []): Task => ({
    id, title: id, status, depends_on: deps, loop: null, jira: null, scope: '', file: `${id}-x.md`, path: '', archived: false, body: '',
  });
  it('open with every dependency done or review; a missing dependency is not ready', () => {
    const tasks = [t('T0001', 'done'), t('T0002', 'review'), t('T0003', 'in-progress'), t('T0004', 'open', ['T0001', 'T0002']),
      t('T0005', 'open', ['T0003']), t('T0006', 'open', ['T0099']), t('T0007', 'open'), t('T0008', 'review'), t('T0009', 'open', ['T0010']), t('T0010', 'dropped')];
    expect(readyTasks(tasks).map((x) => x.id)).toEqual(['T0004', 'T0007']);
  });
});

describe('setTaskStatus', () => {
  it('changes only the status value; every other byte identical', () => {
    const body = '\r\n# Title\n\nstatus: open (this body line must not change)\n## Objective\n\n  trailing spaces   \n\ttab\n';
    const text = `---\nid: T0001\ntitle: "x: y # z"\nstatus:   open   # keep this comment\r\ndepends_on: []\nscope: s\nnotes: |\n  status: inside a block\n---${body}`;
    const p = put('T0001-x.md', text);
    chmodSync(p, 0o640);
    expect(setTaskStatus(p, 'in-progress')).toEqual({ from: 'open', to: 'in-progress', changed: true });
    const after = readFileSync(p, 'utf8');
    expect(after).toBe(text.replace('status:   open   # keep', 'status:   in-progress   # keep'));
    expect(statSync(p).mode & 0o777).toBe(0o640);
    expect(setTaskStatus(p, 'review')).toMatchObject({ from: 'in-progress', changed: true });
    expect(listTasks(dir).tasks[0]?.status).toBe('review');
    expect(setTaskStatus(p, 'review')).toEqual({ from: 'review', to: 'review', changed: false });
  });

  it('refuses done/dropped (human only), malformed files, several status lines, archived files', () => {
    const ok = put('T0001-a.md', fm('id: T0001\ntitle: t\nstatus: open\ndepends_on: []\nscope: s'));
    const before = readFileSync(ok, 'utf8');
    expect(codeOf(() => setTaskStatus(ok, 'done'))).toBe('task-status-human-only');
    expect(codeOf(() => setTaskStatus(ok, 'dropped'))).toBe('task-status-human-only');
    expect(codeOf(() => setTaskStatus(ok, 'bogus' as 'open'))).toBe('task-status-invalid');
    expect(readFileSync(ok, 'utf8')).toBe(before);
    const bad = put('T0002-b.md', fm('id: T0002\ntitle: a: b: c\nstatus: open\ndepends_on: []\nscope: s'));
    expect(codeOf(() => setTaskStatus(bad, 'review'))).toBe('task-malformed');
    const none = put('T0003-c.md', fm('id: T0003\ntitle: t\ndepends_on: []\nscope: s'));
    expect(codeOf(() => setTaskStatus(none, 'review'))).toBe('task-malformed');
    const flow = put('T0004-d.md', fm('{id: T0004, status: open}'));
    expect(codeOf(() => setTaskStatus(flow, 'review'))).toBe('task-malformed');
    const arch = put('archive/T0005-e.md', fm('id: T0005\ntitle: t\nstatus: done\ndepends_on: []\nscope: s'));
    expect(codeOf(() => setTaskStatus(arch, 'open'))).toBe('task-archived');
    expect(codeOf(() => setTaskStatus(join(dir, 'tasks', 'T0009-none.md'), 'review'))).toBe('task-missing');
  });
});

describe('ids, slugs, rendering (acceptance 28, 29)', () => {
  it('29: next id is one past the highest across tasks/ and archive/; T0001 when empty', () => {
    put('T0003-a.md', fm('id: T0003\ntitle: a\nstatus: open\ndepends_on: []\nscope: s'));
    put('archive/T0007-b.md', fm('id: T0007\ntitle: b\nstatus: done\ndepends_on: []\nscope: s'));
    put('T0009-broken.md', 'garbage');
    const r = listTasks(dir);
    expect(nextTaskId(r.tasks)).toBe('T0008');
    expect(nextTaskId(r.tasks, r.names)).toBe('T0010');
    expect(nextTaskId([])).toBe('T0001');
    expect(codeOf(() => nextTaskId([{ id: 'T9999' }]))).toBe('task-ids-exhausted');
  });

  it('slugify follows §5.1', () => {
    expect(slugify('Fix: the Login -- page!!')).toBe('fix-the-login-page');
    expect(slugify('***')).toBe('task');
    expect(slugify(`${'a'.repeat(59)} bcd`)).toBe('a'.repeat(59));
    expect(slugify('Ünïcode straße')).toBe('n-code-stra-e');
  });

  it('28: a title with ": " and "#" round-trips and the body stays byte-identical', () => {
    const title = 'Fix: the "login" page # urgent: now';
    const text = renderTask({ id: 'T0001', title, status: 'open', depends_on: [], loop: 'alpha', jira: '', scope: 'web: login only', sections });
    const p = put(`T0001-${slugify(title)}.md`, text);
    const t1 = listTasks(dir).tasks[0] as Task;
    expect(t1).toMatchObject({ title, scope: 'web: login only', loop: 'alpha', jira: null, depends_on: [] });
    setTaskStatus(p, 'in-progress');
    const t2 = listTasks(dir).tasks[0] as Task;
    expect(t2.title).toBe(title);
    expect(t2.status).toBe('in-progress');
    expect(t2.body).toBe(t1.body);
  });

  it('renders a lint-clean file: canonical key order, inline list, six sections', () => {
    const text = renderTask({ id: 'T0004', title: 'plain title', status: 'open', depends_on: ['T0001', 'T0002'], scope: 'one line', sections });
    const lines = text.split('\n');
    expect(lines.slice(0, 7)).toEqual(['---', 'id: T0004', 'title: plain title', 'status: open', 'depends_on: [T0001, T0002]', 'scope: one line', '---']);
    for (const h of TASK_SECTIONS) expect(lines).toContain(`## ${h}`);
    expect(text).toContain('## Out of scope\n\n(none)\n');
    expect(codeOf(() => renderTask({ id: 'X1', title: 't', status: 'open', depends_on: [], scope: 's', sections }))).toBe('task-invalid');
    expect(codeOf(() => renderTask({ id: 'T0001', title: 't', status: 'open', depends_on: ['bad'], scope: 's', sections }))).toBe('task-invalid');
  });

  it('yamlScalar quotes exactly what needs quoting and always round-trips', () => {
    const samples = ['plain', 'a: b', 'a #b', 'ends:', 'trail ', ' lead', '"q', "'q", '`x', '# c', '&a', '*a', '!t', '|', '>', '%', '@x', '?x', ',x', '{x', '}x', '[x', ']x', '-x',
      'true', 'No', 'NULL', '~', 'on', '12', '-3.5', '1e3', '.5', '', 'tab\there', 'new\nline', 'ünï', 'T0001', '2026-01-01', 'a:b', 'x#y'];
    for (const s of samples) expect((parse(`k: ${yamlScalar(s)}`) as { k: unknown }).k).toBe(s);
    expect(yamlScalar('plain words')).toBe('plain words');
    expect(yamlScalar('a: b')).toBe('"a: b"');
    expect(yamlScalar('yes')).toBe('"yes"');
    expect(yamlScalar('42')).toBe('"42"');
    expect(yamlScalar('a:b')).toBe('a:b');
  });
});
